/**
 * The shapes of the public API this UI reads, under the names the screens use: aliases of the types
 * generated from the API's OpenAPI document (generated/api.d.ts, `npm run api:types`), so an answer
 * that changes shape breaks the web's type check, not a user.
 */
import type { components } from './generated/api';

/** Every schema of the API's OpenAPI document. */
export type Schemas = components['schemas'];

export type Bilingual = Schemas['BilingualDto'];
export type Form = Schemas['CaseSummaryDto']['form'];
export type Stage = Schemas['CaseSummaryDto']['stage'];
export type Outcome = NonNullable<Schemas['CaseSummaryDto']['outcome']>;
export type ActionName = Schemas['OfferedActionDto']['action'];
/** The roles people sign in with (the domain's `system` acts only in timers). */
export type Role = Schemas['AccountDto']['role'];

export type Unit = Schemas['UnitDto'];
export type Account = Schemas['AccountDto'];
export type Me = Schemas['MeDto'];
export type LoginResult = Schemas['LoginResultDto'];
/** GET /auth/demo-accounts: the accounts a demo's sign-in page lists (empty outside a demo). */
export type DemoAccounts = Schemas['DemoAccountsDto'];

/** A case as GET /cases lists it: the read model's row and whether its step is late. */
export type CaseSummary = Schemas['CaseSummaryDto'];
export type CasePage = Schemas['CasePageDto'];
export type PersonRef = Schemas['ActorRefDto'];
export type OfferedAction = Schemas['OfferedActionDto'];
export type InboxItem = Schemas['InboxItemDto'];
export type TimelineEntry = Schemas['TimelineEntryDto'];
export type PendingTimer = Schemas['PendingTimerDto'];
export type CaseDetail = Schemas['CaseDetailDto'];

export type StageCount = Schemas['StageCountDto'];
export type PipelineCell = Schemas['PipelineCellDto'];
export type Pipeline = Schemas['PipelineDto'];

export type BatchItemResult = Schemas['BatchItemResultDto'];
export type BatchResult = Schemas['BatchResultDto'];

export type NotificationItem = Schemas['NotificationDto'];
export type NotificationPage = Schemas['NotificationPageDto'];
export type Preferences = Schemas['PreferencesDto'];
/** POST /notifications/read-all */
export type MarkedRead = Schemas['MarkedDto'];

export type FieldProblem = Schemas['FieldProblemDto'];
/**
 * RFC 9457 problem details, as every refusal of the API is written; `messages` (the detail in both
 * languages) is absent only from a problem the UI makes itself (the API unreachable).
 */
export type Problem = Omit<Schemas['ProblemDto'], 'messages'> & { messages?: Bilingual };

/** A refused batch (422 batch-refused) carries each item's result. */
export type BatchRefusal = Problem & { results?: BatchItemResult[] };

/** The body of POST /cases/check (POST /cases takes the same, with position and reason required). */
export type NominationBody = Schemas['NominationCheckDto'];
export type OverridableRule = Schemas['EligibilityOverrideDto']['rule'];
/** One reason POST /cases would refuse a nomination (POST /cases/check). */
export type NominationProblem = Schemas['NominationProblemDto'];
export type NominationCheck = Schemas['NominationCheckResultDto'];
export type BatchNominationCheck = Schemas['BatchNominationCheckResultDto'];

/** GET /registry/officials */
export type RegistryOfficial = Schemas['RegistryOfficialDto'];
export type RegistryOfficialPage = Schemas['RegistryOfficialPageDto'];
/** GET /registry/units/:unitId/positions */
export type JobPosition = Schemas['PositionDto'];
/** A field of expertise (GET /registry/fields). */
export type RegistryField = Schemas['RegistryFieldDto'];

/** GET /gap: the province's staffing gap, by field and by commune. */
export type ProvinceGap = Schemas['ProvinceGapDto'];
export type ProvinceFieldGap = Schemas['ProvinceFieldGapDto'];
export type CommuneGap = Schemas['CommuneGapDto'];
/** GET /gap/communes/:unitId */
export type CommuneGapDetail = Schemas['CommuneGapDetailDto'];
export type FieldGap = Schemas['FieldGapDto'];
/** GET /gap/communes/:unitId/candidates */
export type CandidateList = Schemas['CandidateListDto'];
export type MatchCandidate = Schemas['MatchCandidateDto'];
export type MatchReason = Schemas['MatchReasonDto'];
