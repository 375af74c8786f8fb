import type { CaseState } from '../case';
import type { CommandMeta, CommandOf, CommandType } from '../commands';
import type { CaseEvent, EventOf, EventPayloads, EventType } from '../events';
import type { ApprovalStage, CaseForm, CaseRules } from '../rules';

/** How a command of this type is decided, once its stage and authority have passed the action table. */
export type Decide<T extends CommandType> = (command: CommandOf<T>, state: CaseState) => CaseEvent[];

export function event<T extends EventType>(type: T, data: EventPayloads[T], meta: CommandMeta): EventOf<T> {
  return { type, data, actor: meta.actor, at: meta.at, requestId: meta.requestId ?? null };
}

export function closed(outcome: EventPayloads['CaseClosed']['outcome'], meta: CommandMeta): EventOf<'CaseClosed'> {
  return event('CaseClosed', { outcome }, meta);
}

function approvalPath(state: CaseState): ApprovalStage[] {
  return state.rules.approvalStages[state.form];
}

export function stageAfter(state: CaseState, stage: ApprovalStage): ApprovalStage | 'awaiting_decision' {
  const path = approvalPath(state);
  return path[path.indexOf(stage) + 1] ?? 'awaiting_decision';
}

export function firstStage(rules: CaseRules, form: CaseForm): ApprovalStage | 'awaiting_decision' {
  return rules.approvalStages[form][0] ?? 'awaiting_decision';
}
