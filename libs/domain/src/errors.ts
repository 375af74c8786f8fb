/**
 * Why a command is refused. The kind maps to the API's status: invalid → 400 (names the field),
 * forbidden → 403, wrong_stage → 409 (names the current stage), rule → 422 (names the legal rule).
 */
export type RefusalKind = 'invalid' | 'forbidden' | 'wrong_stage' | 'rule';

export interface Refusal {
  kind: RefusalKind;
  /** A stable identifier of the rule, for clients and translations (e.g. `secondment_term_cap`). */
  rule: string;
  message: string;
  field?: string;
  stage?: string;
  legalBasis?: string;
}

export class DomainError extends Error implements Refusal {
  readonly kind: RefusalKind;
  readonly rule: string;
  readonly field?: string;
  readonly stage?: string;
  readonly legalBasis?: string;

  constructor(refusal: Refusal) {
    super(refusal.message);
    this.name = 'DomainError';
    this.kind = refusal.kind;
    this.rule = refusal.rule;
    if (refusal.field !== undefined) this.field = refusal.field;
    if (refusal.stage !== undefined) this.stage = refusal.stage;
    if (refusal.legalBasis !== undefined) this.legalBasis = refusal.legalBasis;
  }

  toRefusal(): Refusal {
    const refusal: Refusal = { kind: this.kind, rule: this.rule, message: this.message };
    if (this.field !== undefined) refusal.field = this.field;
    if (this.stage !== undefined) refusal.stage = this.stage;
    if (this.legalBasis !== undefined) refusal.legalBasis = this.legalBasis;
    return refusal;
  }
}

export function invalid(field: string, rule: string, message: string): DomainError {
  return new DomainError({ kind: 'invalid', rule, field, message: `${field}: ${message}` });
}

export function forbidden(rule: string, message: string): DomainError {
  return new DomainError({ kind: 'forbidden', rule, message });
}

export function wrongStage(stage: string, message: string): DomainError {
  return new DomainError({ kind: 'wrong_stage', rule: 'stage', stage, message });
}

export function ruleBroken(rule: string, message: string, legalBasis: string, field?: string): DomainError {
  const refusal: Refusal = { kind: 'rule', rule, message, legalBasis };
  if (field !== undefined) refusal.field = field;
  return new DomainError(refusal);
}
