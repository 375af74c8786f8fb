import type { CaseState, HumanCommandType } from '@app/domain';
import { inScope, type Identity } from '../auth/principal';

export interface OfferedAction {
  action: HumanCommandType;
  /** Set when the caller may take it only as a deputy: the approver they stand in for. */
  onBehalfOf?: { id: string; name: string };
}

/** The identities that may act on this case: in scope, and never a delegation on a case about the delegator. */
export function usableOn(identities: Identity[], state: CaseState): Identity[] {
  return identities.filter((identity) => inScope(identity.scope, state) && (!identity.delegation || identity.delegation.delegator.personId !== state.official.id));
}

/** The actions to offer on a case, each under the first identity that may take it (their own before a deputy's). */
export function offered(identities: Identity[], state: CaseState, actionsOf: (state: CaseState, actor: Identity['actor']) => HumanCommandType[]): OfferedAction[] {
  const offers = new Map<HumanCommandType, OfferedAction>();
  for (const identity of usableOn(identities, state)) {
    for (const action of actionsOf(state, identity.actor)) {
      if (!offers.has(action)) offers.set(action, identity.actor.onBehalfOf ? { action, onBehalfOf: identity.actor.onBehalfOf } : { action });
    }
  }
  return [...offers.values()];
}
