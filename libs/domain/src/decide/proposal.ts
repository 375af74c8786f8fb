import { termEndDate } from '../calendar';
import type { Actor, CaseState } from '../case';
import type { CommandOf } from '../commands';
import { OVERRIDABLE_RULES, type EligibilityOverride, type OverridableRule } from '../eligibility';
import { forbidden, invalid, wrongStage } from '../errors';
import type { CaseEvent } from '../events';
import { CASE_FORMS, rulesProblems } from '../rules';
import { event, firstStage } from './emit';
import { allow, date, optionalText, text, unit } from './fields';
import { checkTermLimits, resolveTerm } from './terms';
import { MAX_LENGTH } from '../limits';


/** A proposal: the case starts, with the rules it copies, at the first stage of its form. */
export function decidePropose(command: CommandOf<'propose'>, state: CaseState | null): CaseEvent[] {
  if (state) throw wrongStage(state.stage, `case ${state.caseId} has already been proposed`);
  const problems = rulesProblems(command.rules);
  if (problems.length > 0) throw invalid(problems[0].field, 'rules', problems[0].rule);
  const rules = command.rules;
  const caseId = text(command.caseId, 'caseId', MAX_LENGTH.caseId);
  if (!(CASE_FORMS as readonly unknown[]).includes(command.form)) throw invalid('form', 'enum', `must be one of ${CASE_FORMS.join(', ')}`);
  const official = command.official as Partial<CommandOf<'propose'>['official']> | undefined;
  if (typeof official !== 'object' || official === null) throw invalid('official', 'required', 'is required: { id, name }');
  const sendingUnit = unit(command.sendingUnit, 'sendingUnit');
  const receivingUnit = unit(command.receivingUnit, 'receivingUnit');
  if (sendingUnit.id === receivingUnit.id) throw invalid('receivingUnit', 'different_units', 'must differ from the sending unit');
  const plannedStart = date(command.plannedStart, 'plannedStart');
  const term = resolveTerm(command.form, command.term, rules, 'term');
  const legalBasisOverride = optionalText(command.legalBasisOverride, 'legalBasisOverride', MAX_LENGTH.legalBasis);
  if (term) checkTermLimits(command.form, plannedStart, termEndDate(plannedStart, term), rules, legalBasisOverride, 'term');

  const actor = command.actor;
  const proposerAllowed =
    (actor.role === 'hr_officer' && actor.unitId === sendingUnit.id) ||
    actor.role === 'home_affairs_officer' ||
    (actor.role === 'commune_leader' && sendingUnit.kind === 'commune' && actor.unitId === sendingUnit.id);
  allow(proposerAllowed, 'proposing', `an HR officer of ${sendingUnit.name}, the Home Affairs office, or the leader of a sending commune`);
  const officialId = text(official.id, 'official.id', MAX_LENGTH.identifier);
  if (actor.personId === officialId) throw forbidden('own_case', 'nobody may nominate themselves');
  const overrides = eligibilityOverrides(command.eligibilityOverrides, actor);

  return [
    event(
      'CaseProposed',
      {
        caseId,
        form: command.form,
        official: { id: officialId, name: text(official.name, 'official.name', MAX_LENGTH.personName), ...(official.title ? { title: text(official.title, 'official.title', MAX_LENGTH.personName) } : {}) },
        sendingUnit,
        receivingUnit,
        position: text(command.position, 'position', MAX_LENGTH.position),
        plannedStart,
        term,
        reason: text(command.reason, 'reason'),
        legalBasisOverride,
        rules,
        firstStage: firstStage(rules, command.form),
        ...(overrides.length > 0 ? { eligibilityOverrides: overrides } : {}),
      },
      command,
    ),
  ];
}

/** Overrides of eligibility rules: Home Affairs only, each an overridable rule once, each with its reason. */
function eligibilityOverrides(value: unknown, actor: Actor): EligibilityOverride[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('eligibilityOverrides', 'list', 'must be a list of { rule, reason }');
  if (value.length === 0) return [];
  if (actor.role !== 'home_affairs_officer') throw forbidden('not_authorised', 'only the Home Affairs office may override an eligibility rule');
  const seen = new Set<string>();
  return value.map((item: unknown, i) => {
    const { rule, reason } = (typeof item === 'object' && item !== null ? item : {}) as { rule?: unknown; reason?: unknown };
    if (!(OVERRIDABLE_RULES as readonly unknown[]).includes(rule)) throw invalid(`eligibilityOverrides[${i}].rule`, 'enum', `must be one of ${OVERRIDABLE_RULES.join(', ')}`);
    if (seen.has(rule as string)) throw invalid(`eligibilityOverrides[${i}].rule`, 'unique', 'names a rule already overridden');
    seen.add(rule as string);
    return { rule: rule as OverridableRule, reason: text(reason, `eligibilityOverrides[${i}].reason`, MAX_LENGTH.text) };
  });
}
