import type { LocalDate } from '@app/domain';
import { DEMO_ACCOUNTS } from '@app/persistence';
import { type ApiClient, type AuthorizedRequests, type CaseView, noTimerDue, pdf, vnDay, vnToday, waitForCase } from './api-client';
import { hasFixtureOfficials, nextOfficial } from './fixture-officials';

/**
 * Valid request bodies, and a walker that takes a case through the HTTP API step by step, each
 * step by the person who holds that authority. The defaults are the demo province's usual case: a
 * secondment of a fresh fixture official (test/support/fixture-officials.ts) from Sở Tài chính to
 * Xã Cư Bao, proposed by hr.taichinh.
 */

/** The signer every decision in the specs names. */
export const DECISION_SIGNER = { name: 'Nguyễn Thị Mai', title: 'Giám đốc Sở Nội vụ' };

/**
 * A valid nomination (POST /cases): a secondment to Xã Cư Bao, starting in 30 days, of a fresh
 * fixture official (nextOfficial(): one no other call in this spec file was given, who has no
 * account of their own) of Sở Tài chính, or of the `sendingUnitId` the overrides name. `overrides`
 * replace or add fields; a spec that needs to know who reads `officialId` from the body (or the
 * case it gets back).
 */
export function nominationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const sendingUnitId = typeof overrides.sendingUnitId === 'string' ? overrides.sendingUnitId : 'so-tai-chinh';
  return {
    form: 'secondment',
    officialId: overrides.officialId === undefined ? nextOfficial(sendingUnitId).id : overrides.officialId,
    receivingUnitId: 'xa-cu-bao',
    position: 'Công chức Tài chính – Kế toán',
    plannedStart: vnDay(30),
    reason: 'Xã thiếu công chức tài chính – kế toán sau sắp xếp',
    ...overrides,
  };
}

/** The Party committee agrees (record-party-opinion), by a notice dated today. */
export function partyOpinionBody(documentNumber = '125-TB/TU') {
  return { documentNumber, documentDate: vnToday(), opinion: 'agree' };
}

/** A document the decision attaches (issue-decision `attachments`). */
export interface DecisionAttachment {
  kind: string;
  documentId: string;
  name: string;
}

/** The dates (and, if any, the new term) of a decision; its number is 1234/QĐ-UBND unless given. */
export interface DecisionPlan {
  decisionNumber?: string;
  decisionDate: LocalDate;
  effectiveDate: LocalDate;
  term?: { months: number; days?: number };
}

/** An issue-decision body signed by DECISION_SIGNER. */
export function decisionBody(plan: DecisionPlan & { attachments: DecisionAttachment[] }) {
  return {
    decisionNumber: plan.decisionNumber ?? '1234/QĐ-UBND',
    decisionDate: plan.decisionDate,
    signer: DECISION_SIGNER,
    effectiveDate: plan.effectiveDate,
    ...(plan.term ? { term: plan.term } : {}),
    attachments: plan.attachments,
  };
}

/** The end of the term decided today (decide-end). */
export function endDecisionBody(decisionNumber = '88/QĐ-STC') {
  return { decisionNumber, decisionDate: vnToday() };
}

/** What POST /documents answers. */
export interface UploadedDocument {
  documentId: string;
  sha256: string;
  kind: string;
  mediaType: string;
  sizeBytes: number;
  fileName: string;
  uploadedBy: string;
}

/** Uploads one file to the document store (it must be accepted: 201). */
export async function uploadDocument(uploader: AuthorizedRequests, kind: string, content: Buffer, fileName: string): Promise<UploadedDocument> {
  const response = await uploader.post('/documents').field('kind', kind).attach('file', content, fileName).expect(201);
  return response.body as UploadedDocument;
}

/** The two documents a decision requires, uploaded, and the attachments that name them. */
export interface Dossier {
  agreement: UploadedDocument;
  meeting: UploadedDocument;
  attachments: DecisionAttachment[];
}

/**
 * Uploads the dossier a decision requires: the units' agreement and the record of the meeting
 * with the official, as PDFs whose content carries `label` (so each label gives other documents).
 */
export async function uploadDossier(uploader: AuthorizedRequests, label: string): Promise<Dossier> {
  const agreement = await uploadDocument(uploader, 'units_agreement', pdf(`thong nhat ${label}`), 'Văn bản thống nhất.pdf');
  const meeting = await uploadDocument(uploader, 'meeting_record', pdf(`bien ban ${label}`), 'bien-ban.pdf');
  return {
    agreement,
    meeting,
    attachments: [
      { kind: 'units_agreement', documentId: agreement.documentId, name: 'Văn bản thống nhất' },
      { kind: 'meeting_record', documentId: meeting.documentId, name: 'Biên bản gặp công chức' },
    ],
  };
}

/**
 * Nominates through POST /cases; the case must open at department review. Returns its id. Unless
 * the overrides name the official or the sending unit, the official is a fresh fixture official of
 * the proposer's own department (hr.nnmt nominates one of Sở Nông nghiệp và Môi trường).
 */
export async function nominate(api: ApiClient, overrides: Record<string, unknown> = {}, proposer = 'hr.taichinh'): Promise<string> {
  const unitId = DEMO_ACCOUNTS.find((account) => account.username === proposer)?.unitId;
  const ownDepartment = overrides.officialId === undefined && overrides.sendingUnitId === undefined && unitId !== undefined && hasFixtureOfficials(unitId) ? unitId : undefined;
  const body = nominationBody(ownDepartment ? { ...overrides, officialId: nextOfficial(ownDepartment).id } : overrides);
  const response = await api.as(proposer).post('/cases').send(body);
  if (response.status !== 201 || response.body.stage !== 'department_review') {
    throw new Error(`nomination by ${proposer}: expected 201 at department_review, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.caseId as string;
}

/** One action that must be taken (200, and at `stage` afterwards when given); a failure names the step. */
export async function act(api: ApiClient, user: string, caseId: string, route: string, body: object, stage?: string): Promise<CaseView> {
  const response = await api.as(user).post(`/cases/${caseId}/${route}`).send(body);
  const view = response.body as CaseView;
  if (response.status !== 200 || (stage !== undefined && view.stage !== stage)) {
    const got = response.status === 200 ? `200 at ${view.stage}` : `${response.status} ${JSON.stringify(response.body)}`;
    throw new Error(`${user} ${route} on ${caseId}: expected 200${stage ? ` at ${stage}` : ''}, got ${got}`);
  }
  return view;
}

/**
 * How far walkCase takes a case from department review: the stage it is at once the last step is
 * taken. `proposed`: returned for changes. `arrival_confirmed`: the commune confirmed the arrival;
 * the decision's dates say where its timers take it (posted, serving, ending). `term_completed`:
 * the term over and overdue, then its end decided.
 */
export type WalkTarget =
  | 'department_review'
  | 'proposed'
  | 'home_affairs_appraisal'
  | 'party_committee_approval'
  | 'awaiting_decision'
  | 'decision_issued'
  | 'arrival_confirmed'
  | 'term_completed';

/** Who takes each step and with what, where a walk differs from the defaults. */
export interface WalkPlan {
  /** Reviews at the department, returns for changes, decides the end: gd.taichinh. */
  head?: string;
  /** Approves at Home Affairs appraisal: snv.thamdinh. */
  appraiser?: string;
  /** The number of the Party committee's notice: 125-TB/TU; null for a form it does not see (a reinforcement). */
  partyOpinion?: string | null;
  /** Records the decision: snv.quyetdinh. */
  decider?: string;
  /** The decision: decided today, effective in 30 days, for the nominated term. */
  decision?: DecisionPlan;
  /** A dossier uploaded beforehand; by default hr.taichinh uploads one for the case. */
  attachments?: DecisionAttachment[];
  /** Confirms the arrival: ct.cubao. */
  communeLeader?: string;
  /** The day of arrival: today. */
  arrivedOn?: LocalDate;
}

/**
 * Walks a case at department review to `to`: the head approves → Home Affairs approves → the Party
 * committee agrees (unless `partyOpinion` is null: a reinforcement goes to the decision directly)
 * → the dossier is uploaded and the decision issued → the commune confirms the arrival → (for
 * term_completed) once the term is over and overdue, the head decides its end. Each step must be
 * taken and leave the case where the process says.
 */
export async function walkCase(api: ApiClient, caseId: string, to: WalkTarget, plan: WalkPlan = {}): Promise<void> {
  const head = plan.head ?? 'gd.taichinh';
  if (to === 'department_review') return;
  if (to === 'proposed') {
    await act(api, head, caseId, 'return-for-changes', { reason: 'Bổ sung văn bản thống nhất' }, 'proposed');
    return;
  }
  await act(api, head, caseId, 'approve', {}, 'home_affairs_appraisal');
  if (to === 'home_affairs_appraisal') return;
  const partyOpinion = plan.partyOpinion === undefined ? '125-TB/TU' : plan.partyOpinion;
  await act(api, plan.appraiser ?? 'snv.thamdinh', caseId, 'approve', {}, partyOpinion === null ? 'awaiting_decision' : 'party_committee_approval');
  if (to === 'party_committee_approval') return;
  if (partyOpinion !== null) await act(api, 'vp.tinhuy', caseId, 'record-party-opinion', partyOpinionBody(partyOpinion), 'awaiting_decision');
  if (to === 'awaiting_decision') return;
  const attachments = plan.attachments ?? (await uploadDossier(api.as('hr.taichinh'), caseId)).attachments;
  const decision = plan.decision ?? { decisionDate: vnToday(), effectiveDate: vnDay(30) };
  await act(api, plan.decider ?? 'snv.quyetdinh', caseId, 'issue-decision', decisionBody({ ...decision, attachments }), 'decision_issued');
  if (to === 'decision_issued') return;
  await act(api, plan.communeLeader ?? 'ct.cubao', caseId, 'confirm-arrival', { arrivedOn: plan.arrivedOn ?? vnToday() });
  if (to === 'arrival_confirmed') return;
  await waitForCase(api, caseId, (view) => view.stage === 'ending' && view.state.overdue && noTimerDue(view));
  await act(api, head, caseId, 'decide-end', endDecisionBody());
}

/** Who nominates a new case, and what differs from nominationBody(). */
export interface NewCasePlan extends WalkPlan {
  proposer?: string;
  nomination?: Record<string, unknown>;
}

/** A new case, nominated (by hr.taichinh unless given) and walked to `to`; returns its id. */
export async function newCase(api: ApiClient, to: WalkTarget, plan: NewCasePlan = {}): Promise<string> {
  const caseId = await nominate(api, plan.nomination, plan.proposer);
  await walkCase(api, caseId, to, plan);
  return caseId;
}
