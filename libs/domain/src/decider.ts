import type { CaseState } from './case';
import { HUMAN_COMMANDS, type CaseCommand, type CommandType, type HumanCommandType } from './commands';
import { authorise } from './actions';
import { invalid, wrongStage } from './errors';
import type { CaseEvent } from './events';
import { fold } from './evolve';
import { approvalDeciders } from './decide/approval';
import { decisionDeciders } from './decide/decision';
import type { Decide } from './decide/emit';
import { checkActor } from './decide/fields';
import { decidePropose } from './decide/proposal';
import { termDeciders } from './decide/term';

const deciders: { [T in Exclude<CommandType, 'propose'>]: Decide<T> } = { ...approvalDeciders, ...decisionDeciders, ...termDeciders };

function isHuman(type: CommandType): type is HumanCommandType {
  return (HUMAN_COMMANDS as readonly string[]).includes(type);
}

/**
 * The decider: the events a command produces from a state, or a DomainError saying why it is
 * refused. Pure: no clock (time comes on the command), no I/O; the workflow, the API's pre-checks
 * and the projections all use it. A human action's stage and authority are judged by the action
 * table (`authorise`, the one `mayTake` reads), then its fields by the action's own decider.
 */
export function decide(command: CaseCommand, state: CaseState | null): CaseEvent[] {
  checkActor(command.actor);
  // Every date check and every timer reads the command's time: without a real instant, a timer would fire whenever asked.
  if (typeof command.at !== 'string' || Number.isNaN(Date.parse(command.at))) throw invalid('at', 'instant', 'must be an ISO instant');
  if (command.type === 'propose') return decidePropose(command, state);
  if (!state) throw wrongStage('new', 'the case has not been proposed');
  if (state.stage === 'closed') throw wrongStage('closed', `the case is closed (${state.outcome})`);
  const decider = deciders[command.type] as Decide<CommandType> | undefined;
  if (!decider) throw invalid('type', 'enum', `unknown action ${String((command as { type: unknown }).type)}`);
  if (isHuman(command.type)) authorise(command.type, state, command.actor);
  return decider(command, state);
}

/** Decides and applies: the events and the state after them. */
export function handle(command: CaseCommand, state: CaseState | null): { events: CaseEvent[]; state: CaseState } {
  const events = decide(command, state);
  return { events, state: fold(events, state)! };
}
