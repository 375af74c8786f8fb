import type { Actor, CaseState, Stage } from './case';

/**
 * Who holds which part in a case, from what the case knows (its units, proposer and official) and
 * the actor's role and unit. The decider judges each command with these; `actions.ts` uses the same
 * ones to say which actions a person may take.
 */
export const is = {
  sendingHead: (a: Actor, s: CaseState) =>
    a.unitId === s.sendingUnit.id && (a.role === 'department_head' || (a.role === 'commune_leader' && s.sendingUnit.kind === 'commune')),
  sendingHr: (a: Actor, s: CaseState) => a.role === 'hr_officer' && a.unitId === s.sendingUnit.id,
  homeAffairs: (a: Actor) => a.role === 'home_affairs_officer',
  partySecretariat: (a: Actor) => a.role === 'party_secretariat',
  // A case may go to a department (a transfer, or a secondment to another agency): its head receives.
  receivingLeader: (a: Actor, s: CaseState) =>
    a.unitId === s.receivingUnit.id && (a.role === 'commune_leader' || (a.role === 'department_head' && s.receivingUnit.kind === 'department')),
  theOfficial: (a: Actor, s: CaseState) => a.personId !== undefined && a.personId === s.official.id,
  proposer: (a: Actor, s: CaseState) => a.id === s.proposer.id,
  /** The proposer, or a deputy standing in for them: separation of duties binds both. */
  proposerOrTheirDeputy: (a: Actor, s: CaseState) => a.id === s.proposer.id || a.onBehalfOf?.id === s.proposer.id,
};

export const BEFORE_POSTING: readonly Stage[] = ['proposed', 'department_review', 'home_affairs_appraisal', 'party_committee_approval', 'awaiting_decision', 'decision_issued'];
export const IN_TERM: readonly Stage[] = ['serving', 'ending'];
