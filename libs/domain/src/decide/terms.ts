import { compareDates, termEndDate, type LocalDate, type TermLength } from '../calendar';
import { invalid, ruleBroken } from '../errors';
import { LEGAL_BASIS } from '../legal-basis';
import type { CaseForm, CaseRules } from '../rules';
import { termLength } from './fields';

// Terms and their legal limits.

export function resolveTerm(form: CaseForm, term: unknown, rules: CaseRules, field: string): TermLength | null {
  if (form === 'transfer') {
    if (term !== undefined && term !== null) throw invalid(field, 'transfer_has_no_term', 'a transfer (điều động) is permanent and has no term');
    return null;
  }
  if (term !== undefined && term !== null) return termLength(term, field);
  const months = rules.terms[form].defaultMonths;
  if (!months) throw invalid(field, 'required', `is required for a ${form}`);
  return { months, days: 0 };
}

/** A term from `start` ending on `termEnd` must respect the form's cap and minimum. */
export function checkTermLimits(form: CaseForm, start: LocalDate, termEnd: LocalDate, rules: CaseRules, override: string | null, field: string, checkMinimum = true): void {
  if (form === 'transfer') return;
  const rule = rules.terms[form];
  if (rule.maxTotalMonths) {
    const cap = termEndDate(start, { months: rule.maxTotalMonths, days: 0 });
    if (compareDates(termEnd, cap) > 0) {
      const canOverride = rule.overridableWithLegalBasis === true;
      if (!(canOverride && override)) {
        const basis = form === 'secondment' ? LEGAL_BASIS.secondmentCap : LEGAL_BASIS.reinforcementCap;
        throw ruleBroken(
          `${form}_term_cap`,
          `a ${form} from ${start} may last at most ${rule.maxTotalMonths} months in total, to ${cap}; this term ends ${termEnd}` +
            (canOverride ? '. A longer term needs legalBasisOverride citing the specific law that allows it' : ''),
          basis,
          field,
        );
      }
    }
  }
  if (checkMinimum && rule.minMonths) {
    const minimum = termEndDate(start, { months: rule.minMonths, days: 0 });
    if (compareDates(termEnd, minimum) < 0)
      throw ruleBroken(`${form}_min_term`, `a ${form} lasts at least ${rule.minMonths} months: from ${start} to ${minimum} or later`, LEGAL_BASIS.rotationMin, field);
  }
}
