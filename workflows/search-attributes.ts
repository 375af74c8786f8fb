import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The custom search attributes the case workflows upsert, so the Temporal Web UI and CLI can
 * filter the fleet (for example `CaseStage="department_review" AND SendingUnit="so-tai-chinh"`).
 * One list serves the workflows, the dev server's registration and the start-up check.
 */
export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CaseForm = defineSearchAttributeKey('CaseForm', SearchAttributeType.KEYWORD);
export const SendingUnit = defineSearchAttributeKey('SendingUnit', SearchAttributeType.KEYWORD);
export const ReceivingUnit = defineSearchAttributeKey('ReceivingUnit', SearchAttributeType.KEYWORD);
export const TermEndsAt = defineSearchAttributeKey('TermEndsAt', SearchAttributeType.DATETIME);

export const CASE_SEARCH_ATTRIBUTES = [CaseStage, CaseForm, SendingUnit, ReceivingUnit, TermEndsAt] as const;

/** The type names `temporal server start-dev --search-attribute NAME=TYPE` and `temporal operator` use. */
export const CLI_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};
