/**
 * The pipeline's filters as they live in the page's query string (so a view can be shared, and
 * the back button and a reload keep it), and how they become the API's case filter. Pure: no DOM.
 */
import { addDays } from '@app/domain/calendar';
import { CASE_FORMS } from '@app/domain/rules';
import type { Query } from '../api';
import type { Form, Role, Stage } from '../types';

/** The stages an open case can be at, in the order a case moves through them. */
export const OPEN_STAGES: readonly Stage[] = [
  'proposed',
  'department_review',
  'home_affairs_appraisal',
  'party_committee_approval',
  'awaiting_decision',
  'decision_issued',
  'posted',
  'serving',
  'ending',
];

export const FORMS: readonly Form[] = CASE_FORMS;

/** Open (the default), closed, or every case. */
export type Status = 'open' | 'closed' | 'all';
/** Any overdue (true), a step past its deadline, a term past its end with no decision. */
export type OverdueFilter = 'true' | 'step' | 'term';
export type Ending = '30' | '90';

/** The orders GET /cases knows (CASE_SORTS); a leading - sorts descending. */
export const SORT_KEYS = ['proposedAt', 'stageDeadline', 'termEnd', 'officialName', 'stage', 'caseId'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Sort = SortKey | `-${SortKey}`;
export const SORTS: readonly Sort[] = SORT_KEYS.flatMap((key): Sort[] => [key, `-${key}`]);
export const DEFAULT_SORT: Sort = '-proposedAt';

export const PAGE_SIZE = 25;

/** Roles the API lets read the whole province (apps/api/src/auth/principal.ts). */
export const PROVINCE_WIDE: readonly Role[] = ['home_affairs_officer', 'party_secretariat', 'auditor'];

/** What the URL says, each value checked: anything unknown is ignored as if absent. */
export interface PipelineFilters {
  form: Form | null;
  stage: Stage | null;
  department: string | null;
  commune: string | null;
  field: string | null;
  status: Status;
  overdue: OverdueFilter | null;
  ending: Ending | null;
  q: string;
  sort: Sort;
  page: number;
}

/** The URL parameters a filter change resets the page for (every one but `page` and `sort`). */
export const FILTER_KEYS = ['form', 'stage', 'department', 'commune', 'field', 'status', 'overdue', 'ending', 'q'] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Unit and field ids as the registry writes them; anything else is not a filter. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

function id(value: string | null): string | null {
  return value !== null && ID.test(value) ? value : null;
}

export function readFilters(query: URLSearchParams): PipelineFilters {
  const page = Number(query.get('page'));
  return {
    form: oneOf(query.get('form'), FORMS),
    stage: oneOf(query.get('stage'), [...OPEN_STAGES, 'returned', 'closed'] as Stage[]),
    department: id(query.get('department')),
    commune: id(query.get('commune')),
    field: id(query.get('field')),
    status: oneOf(query.get('status'), ['closed', 'all'] as const) ?? 'open',
    overdue: oneOf(query.get('overdue'), ['true', 'step', 'term'] as const),
    ending: oneOf(query.get('ending'), ['30', '90'] as const),
    q: (query.get('q') ?? '').slice(0, 200),
    sort: oneOf(query.get('sort'), SORTS) ?? DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** How many filters narrow the view (the default "open cases" is not one). */
export function activeFilterCount(filters: PipelineFilters): number {
  return [filters.form, filters.stage, filters.department, filters.commune, filters.field, filters.overdue, filters.ending, filters.q.trim() || null, filters.status === 'open' ? null : filters.status].filter(
    (value) => value !== null,
  ).length;
}

/**
 * The API's case filter (GET /cases, /cases/export and /pipeline). "Terms ending within N days"
 * is the pipeline's own window, from today to today + N inclusive, written with the list's
 * strict bounds: after yesterday, before today + N + 1.
 */
export function apiFilter(filters: PipelineFilters, today: string): Query {
  return {
    form: filters.form,
    stage: filters.stage,
    department: filters.department,
    commune: filters.commune,
    field: filters.field,
    open: filters.status === 'open' ? true : filters.status === 'closed' ? false : undefined,
    overdue: filters.overdue,
    termEndsAfter: filters.ending ? addDays(today, -1) : undefined,
    termEndsBefore: filters.ending ? addDays(today, Number(filters.ending) + 1) : undefined,
    q: filters.q.trim() || undefined,
  };
}

/** The pipeline's own path with some parameters changed (null removes one); a filter change goes back to page 1. */
export function pipelineHref(query: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(query);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  }
  if (!('page' in changes)) next.delete('page');
  const text = next.toString();
  return `/pipeline${text ? `?${text}` : ''}`;
}
