import {
  DEFAULT_ELIGIBILITY_RULES,
  eligibilityProblems,
  type CaseForm,
  type EligibilityOverride,
  type EligibilityProblem,
  type EligibilityRules,
  type LocalDate,
  type NominationContext,
  type OfficialFacts,
} from '@app/domain';

/**
 * A nomination judged against the registry: the domain's eligibility rules over the facts the
 * database gives (the official, their protection, their other open case, the sending department's
 * staff and officials away), less the rules Home Affairs let pass for the case.
 */

export interface NominationFacts {
  form: CaseForm;
  plannedStart: LocalDate;
  /** The province's eligibility rules; the defaults when none are published. */
  rules: EligibilityRules | undefined;
}

/** The context of a nomination before the registry's facts are in: no other case, no department count. */
export function nominationContext(nomination: NominationFacts): NominationContext {
  return { form: nomination.form, plannedStart: nomination.plannedStart, activeCaseId: null, department: null, rules: nomination.rules ?? DEFAULT_ELIGIBILITY_RULES };
}

/** Every rule the nomination breaks that no override given lets pass. */
export function judgeNomination(
  official: OfficialFacts,
  nomination: NominationFacts,
  found: Pick<NominationContext, 'activeCaseId' | 'department'>,
  overrides: readonly EligibilityOverride[],
): EligibilityProblem[] {
  const problems = eligibilityProblems(official, { ...nominationContext(nomination), ...found });
  const overridden = new Set(overrides.map((o) => o.rule));
  return problems.filter((p) => !(p.overridable && overridden.has(p.rule as EligibilityOverride['rule'])));
}

/**
 * The refusal of an official another nomination reserved first (the two raced past the checks
 * and the database's unique index stopped the second): one_active_case naming the other case.
 */
export function alreadyReserved(officialId: string, nomination: NominationFacts, otherCaseId: string): EligibilityProblem[] {
  const nobody: OfficialFacts = { id: officialId, unitId: '', employment: 'civil_servant', isLeader: false, inLeadershipPlan: false, birthDate: null, gender: null, protectedUntil: null };
  return eligibilityProblems(nobody, { ...nominationContext(nomination), activeCaseId: otherCaseId }).filter((p) => p.rule === 'one_active_case');
}
