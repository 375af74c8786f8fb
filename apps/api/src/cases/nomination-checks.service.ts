import { Injectable } from '@nestjs/common';
import { decide, type Bilingual, type CommandOf } from '@app/domain';
import { EligibilityRefusedError, EligibilityRepository, ProvinceRulesRepository } from '@app/persistence';
import type { Principal } from '../auth/principal';
import { toProblemException, type ProblemDetails, type ProblemException } from '../common/problem-details';
import { duplicateProblem, duplicatesIn } from './batches';
import { caseProblem, itemProblem, refusalOf, type Language } from './case-problems';
import { checkOf, NominationsService, type NominationInput, type Proposal } from './nominations.service';

/** One reason POST /cases would refuse a nomination, named as its refusal names it. */
export interface NominationProblem {
  /** The problem type POST /cases answers with for it. */
  type: string;
  status: number;
  rule: string;
  field?: string;
  messages: Bilingual;
  legalBasis?: string;
  /** Home Affairs may let it pass for the case (eligibilityOverrides). */
  overridable: boolean;
}

export interface NominationCheckResult {
  ok: boolean;
  problems: NominationProblem[];
}

export interface BatchCheckResult {
  ok: boolean;
  refused: number;
  results: { index: number; ok: boolean; problems: NominationProblem[] }[];
}

/**
 * Checks before nominating: what POST /cases and POST /batch/nominations would answer, with the same
 * judges (the registry, the decider, the batch's duplicates, the eligibility rules), nothing started,
 * reserved or recorded.
 */
@Injectable()
export class NominationChecksService {
  constructor(
    private readonly nominations: NominationsService,
    private readonly rules: ProvinceRulesRepository,
    private readonly eligibility: EligibilityRepository,
  ) {}

  /**
   * What POST /cases would answer to this nomination, with every problem rather than the first.
   * Nothing is started, reserved or recorded, except the read of the official's protected data,
   * logged as every such read is. Who may not nominate is refused the same way (403).
   */
  async check(principal: Principal, nomination: NominationInput, language: Language): Promise<NominationCheckResult> {
    const [judged] = await this.judgeOnly(principal, [nomination], language, false);
    if (judged.forbidden) throw judged.forbidden;
    return { ok: judged.problems.length === 0, problems: judged.problems };
  }

  /** What POST /batch/nominations would answer, item by item (fields named nominations[i].…, a 403 as an item's problem). */
  async checkBatch(principal: Principal, nominations: NominationInput[], language: Language): Promise<BatchCheckResult> {
    const judged = await this.judgeOnly(principal, nominations, language, true);
    const results = judged.map(({ index, problems }) => ({ index, ok: problems.length === 0, problems }));
    const refused = results.filter((item) => !item.ok).length;
    return { ok: refused === 0, refused, results };
  }

  /**
   * The judges of propose and proposeBatch without their effects: the registry's reading of the
   * nomination, the decider (asked about parts of the nomination, so that one refusal does not
   * hide another), the batch's duplicates, and the eligibility rules without a reservation.
   */
  private async judgeOnly(
    principal: Principal,
    nominations: NominationInput[],
    language: Language,
    batch: boolean,
  ): Promise<{ index: number; problems: NominationProblem[]; request?: Proposal; forbidden?: ProblemException }[]> {
    const rules = await this.rules.current();
    const at = new Date().toISOString();
    const problemsFor = (index: number) => (error: unknown) => problemsOf(itemProblem(error, language, batch ? `nominations[${index}].` : ''));
    const judged = await Promise.all(
      nominations.map(async (nomination, index) => {
        const problems = problemsFor(index);
        let request: Proposal;
        try {
          request = await this.nominations.proposalOf(principal, nomination, CHECK_ID);
        } catch (error) {
          return { index, problems: problems(error) };
        }
        const { gate, errors } = judgedInParts({ ...request, rules, type: 'propose', caseId: CHECK_ID, at });
        if (gate !== undefined) {
          if (refusalOf(gate)?.kind === 'forbidden' && !batch) return { index, problems: [], forbidden: toProblemException(caseProblem(gate)) };
          return { index, problems: problems(gate) };
        }
        return { index, request, problems: errors.flatMap(problems) };
      }),
    );
    if (batch) {
      // As the batch judges them: duplicates among the nominations nothing else refuses.
      const sound = judged.filter((item) => item.request && item.problems.length === 0) as { index: number; request: Proposal; problems: NominationProblem[] }[];
      for (const [item, first] of duplicatesIn(sound)) {
        item.problems.push(...problemsOf(duplicateProblem(item.index, item.request.official.id, first).toProblem(language)));
        delete (item as { request?: unknown }).request;
      }
    }
    // In the batch's order, as the reservations would be made: each sound one counts against its department's share.
    const reaching = judged.filter((item): item is typeof item & { request: Proposal } => item.request !== undefined);
    const found = await this.eligibility.preview(reaching.map((item) => ({ check: checkOf(CHECK_ID, item.request, rules), refusedOtherwise: item.problems.length > 0 })));
    reaching.forEach((item, i) => {
      const problems = found[i] ?? [];
      if (problems.length > 0) item.problems.push(...problemsFor(item.index)(new EligibilityRefusedError(problems)));
    });
    return judged;
  }
}

/**
 * The case id a check judges under: it names no case (none is made) and never collides with one
 * (case ids are HS-<year>-<8 characters>).
 */
const CHECK_ID = 'check-before-nominating';

/** Stands in for a missing text while the decider is asked about the rest. */
const FILLED_IN = '(check)';

/**
 * The decider stops at its first refusal; the check asks it about parts of the nomination so that
 * one refusal does not hide another. Who may nominate depends neither on the form nor the term nor
 * the texts: the nomination judged as a transfer (which has no term) with its texts filled in is
 * refused only for the caller, the units or the overrides (`gate`). Then the whole nomination with
 * its missing texts filled in (the term rules), and each missing text alone.
 */
function judgedInParts(command: CommandOf<'propose'>): { gate?: unknown; errors: unknown[] } {
  const refusalFor = (candidate: CommandOf<'propose'>): unknown => {
    try {
      decide(candidate, null);
      return undefined;
    } catch (error) {
      return error;
    }
  };
  const { term: _term, legalBasisOverride: _legalBasis, ...rest } = command;
  const gate: CommandOf<'propose'> = { ...rest, form: 'transfer', position: FILLED_IN, reason: FILLED_IN };
  const refused = refusalFor(gate);
  if (refused !== undefined) return { gate: refused, errors: [] };
  const blank = (text: string) => text.trim() === '';
  const errors = [refusalFor({ ...command, position: blank(command.position) ? FILLED_IN : command.position, reason: blank(command.reason) ? FILLED_IN : command.reason })];
  for (const field of ['position', 'reason'] as const) {
    if (blank(command[field])) errors.push(refusalFor({ ...gate, [field]: command[field] }));
  }
  return { errors: errors.filter((error) => error !== undefined) };
}

/** A refusal's problem as the check lists it: one entry per eligibility violation, else one. */
function problemsOf(details: ProblemDetails): NominationProblem[] {
  const base = { type: details.type, status: details.status };
  const violations = details.violations as { rule: string; legalBasis: string; overridable: boolean; messages: Bilingual }[] | undefined;
  if (violations?.length) {
    return violations.map((v) => ({ ...base, rule: v.rule, messages: v.messages, legalBasis: v.legalBasis, overridable: v.overridable }));
  }
  const field = typeof details.field === 'string' ? details.field : details.errors?.[0]?.field;
  return [
    {
      ...base,
      rule: typeof details.rule === 'string' ? details.rule : (details.errors?.[0]?.rule ?? 'invalid'),
      ...(field ? { field } : {}),
      messages: details.messages ?? { vi: details.detail, en: details.detail },
      ...(typeof details.legalBasis === 'string' ? { legalBasis: details.legalBasis } : {}),
      overridable: false,
    },
  ];
}
