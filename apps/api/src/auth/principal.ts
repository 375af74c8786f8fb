import type { Actor, CaseState } from '@app/domain';
import type { CaseScope, Delegation, UserAccount } from '@app/persistence';

const PROVINCE_WIDE: readonly string[] = ['home_affairs_officer', 'party_secretariat', 'auditor'];

/** The caller of a request, as the authentication established it, with the delegations they act under today. */
export interface Principal {
  account: UserAccount;
  /** Delegations to this user that are in force today. */
  delegations: Delegation[];
}

/** One way the caller can act: as themselves, or as the deputy of someone who delegated to them. */
export interface Identity {
  actor: Actor;
  scope: CaseScope;
  delegation?: Delegation;
}

export function actorOf(account: UserAccount): Actor {
  const actor: Actor = { id: account.id, name: account.displayName, role: account.role };
  if (account.unit) actor.unitId = account.unit.id;
  if (account.personId) actor.personId = account.personId;
  return actor;
}

export function scopeOf(account: UserAccount): CaseScope {
  if (PROVINCE_WIDE.includes(account.role)) return { all: true };
  const unitIds = account.role !== 'official' && account.unit ? [account.unit.id] : [];
  return { all: false, unitIds, personIds: account.personId ? [account.personId] : [] };
}

/**
 * The caller's identities: their own first, then one per delegation in force. A deputy acts with
 * the delegator's role and unit, under their own name, and the event records both.
 */
export function identitiesOf(principal: Principal): Identity[] {
  const own: Identity = { actor: actorOf(principal.account), scope: scopeOf(principal.account) };
  const delegated = principal.delegations.map((delegation): Identity => {
    const { delegator, deputy } = delegation;
    const actor: Actor = { id: deputy.id, name: deputy.displayName, role: delegator.role, onBehalfOf: { id: delegator.id, name: delegator.displayName } };
    if (delegator.unit) actor.unitId = delegator.unit.id;
    if (deputy.personId) actor.personId = deputy.personId;
    return { actor, scope: scopeOf(delegator), delegation };
  });
  return [own, ...delegated];
}

export function inScope(scope: CaseScope, state: Pick<CaseState, 'sendingUnit' | 'receivingUnit' | 'official'>): boolean {
  if (scope.all) return true;
  return (
    scope.unitIds.includes(state.sendingUnit.id) || scope.unitIds.includes(state.receivingUnit.id) || scope.personIds.includes(state.official.id)
  );
}

/** Everything the caller may read: the union of their identities' scopes. */
export function readScopeOf(principal: Principal): CaseScope {
  const scopes = identitiesOf(principal).map((identity) => identity.scope);
  if (scopes.some((scope) => scope.all)) return { all: true };
  return {
    all: false,
    unitIds: [...new Set(scopes.flatMap((scope) => (scope.all ? [] : scope.unitIds)))],
    personIds: [...new Set(scopes.flatMap((scope) => (scope.all ? [] : scope.personIds)))],
  };
}
