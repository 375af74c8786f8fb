/**
 * The lengths and ranges of what people write into a case: one source for the decider's checks,
 * the API's request validation (its DTOs) and the web UI's forms, so that all three refuse the same
 * things. Pure constants; the web imports this module as it is.
 */

/** The most characters each kind of field may hold. */
export const MAX_LENGTH = {
  /** Free text: a reason, a comment, a note, the work assigned. */
  text: 2000,
  /** An identifier: a user, unit, official or stored document. */
  identifier: 200,
  /** A case's id. */
  caseId: 100,
  /** A person's name or title: an official, a signer. */
  personName: 200,
  /** A unit's name. */
  unitName: 300,
  /** A job position (vị trí việc làm). */
  position: 300,
  /** An attached document's name. */
  documentName: 300,
  /** A specific legal basis cited to go beyond a rule. */
  legalBasis: 500,
  /** The number of a decision or other document. */
  documentNumber: 100,
  /** The period an evaluation or a report covers. */
  period: 50,
  /** A report's summary. */
  reportSummary: 10_000,
} as const;

/** A term's length: whole months and days, each within these bounds. */
export const TERM_RANGE = {
  months: { min: 0, max: 120 },
  days: { min: 0, max: 366 },
} as const;

/** The documents one decision may attach. */
export const MAX_DECISION_ATTACHMENTS = 50;
