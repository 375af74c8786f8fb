/**
 * The routes are data a province edits: `routeProblems` checks a stored route field by field, so a
 * bad row is named precisely (and the defaults, which the migration stores, are all sound).
 */
import { EVENT_TYPES } from '@app/domain';
import { DEFAULT_ROUTES, NOTIFICATION_KINDS, routeProblems, type NotificationRoute } from './routes';

const SOUND: NotificationRoute = {
  id: 'evaluation-due',
  position: 40,
  kind: 'evaluation_due',
  on: ['EvaluationDue'],
  audience: [{ role: 'commune_leader', unit: 'receiving' }, { role: 'hr_officer', unit: 'sending' }],
  mandatory: false,
  enabled: true,
};

/** A route as it might come out of the table: any field may hold anything. */
function stored(changes: Record<string, unknown>): NotificationRoute {
  const route: unknown = { ...SOUND, ...changes };
  return route as NotificationRoute;
}

const fields = (route: NotificationRoute) => routeProblems(route).map((p) => p.field);

describe('DEFAULT_ROUTES', () => {
  it.each(DEFAULT_ROUTES.map((r) => [r.id, r] as const))('%s is sound', (_id, route) => {
    expect(routeProblems(route)).toEqual([]);
  });

  it('have distinct ids and positions, are all enabled, and name only known events', () => {
    expect(new Set(DEFAULT_ROUTES.map((r) => r.id)).size).toBe(DEFAULT_ROUTES.length);
    expect(new Set(DEFAULT_ROUTES.map((r) => r.position)).size).toBe(DEFAULT_ROUTES.length);
    expect(DEFAULT_ROUTES.every((r) => r.enabled)).toBe(true);
    for (const r of DEFAULT_ROUTES) for (const event of r.on) expect([...EVENT_TYPES, 'ActionAwaited']).toContain(event);
  });

  it('make deadline and term-end reminders mandatory, and the rest wait for a quiet person’s digest', () => {
    const mandatory = DEFAULT_ROUTES.filter((r) => r.mandatory).map((r) => r.kind);
    expect(mandatory.sort()).toEqual(['deadline_missed', 'term_ending', 'term_overdue']);
  });

  it('route every kind but the digests', () => {
    const kinds = new Set(DEFAULT_ROUTES.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(NOTIFICATION_KINDS.filter((k) => !k.endsWith('_digest')).sort());
  });
});

describe('routeProblems', () => {
  it('finds nothing wrong with a sound route, nor with one that is disabled', () => {
    expect(routeProblems(SOUND)).toEqual([]);
    expect(routeProblems(stored({ enabled: false }))).toEqual([]);
  });

  it('accepts every party, both province-wide roles and the unit roles at either unit', () => {
    const audience = [
      { party: 'proposer' },
      { party: 'official' },
      { party: 'awaited' },
      { party: 'awaited_superiors' },
      { role: 'home_affairs_officer' },
      { role: 'party_secretariat' },
      { role: 'hr_officer', unit: 'sending' },
      { role: 'department_head', unit: 'receiving' },
      { role: 'commune_leader', unit: 'receiving' },
    ];
    expect(routeProblems(stored({ audience, on: ['ActionAwaited', 'CaseProposed'] }))).toEqual([]);
  });

  it.each([
    ['an id with capitals', { id: 'Term-Ending' }, 'id'],
    ['an id with a space', { id: 'term ending' }, 'id'],
    ['an id starting with a hyphen', { id: '-term' }, 'id'],
    ['an empty id', { id: '' }, 'id'],
    ['an id longer than 64 characters', { id: 'a'.repeat(65) }, 'id'],
    ['a digest kind', { kind: 'daily_digest' }, 'kind'],
    ['the weekly digest kind', { kind: 'weekly_digest' }, 'kind'],
    ['an unknown kind', { kind: 'term_started' }, 'kind'],
    ['no events', { on: [] }, 'on'],
    ['events that are not a list', { on: 'EvaluationDue' }, 'on'],
    ['an unknown event', { on: ['EvaluationDue', 'CaseExploded'] }, 'on[1]'],
    ['an empty audience', { audience: [] }, 'audience'],
    ['an audience that is not a list', { audience: { party: 'official' } }, 'audience'],
    ['an unknown party', { audience: [{ party: 'official' }, { party: 'everyone' }] }, 'audience[1]'],
    ['a province-wide role with a unit', { audience: [{ role: 'home_affairs_officer', unit: 'sending' }] }, 'audience[0]'],
    ['a unit role without a unit', { audience: [{ role: 'hr_officer' }] }, 'audience[0]'],
    ['a unit role at an unknown unit', { audience: [{ role: 'department_head', unit: 'province' }] }, 'audience[0]'],
    ['a role no route may name', { audience: [{ role: 'auditor' }] }, 'audience[0]'],
    ['both a party and a role', { audience: [{ party: 'official', role: 'home_affairs_officer' }] }, 'audience[0]'],
    ['mandatory as a string', { mandatory: 'true' }, 'mandatory'],
    ['mandatory missing', { mandatory: undefined }, 'mandatory'],
  ])('reports %s, naming the field', (_what, changes, field) => {
    const problems = routeProblems(stored(changes));

    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].rule).toEqual(expect.any(String));
    expect(problems[0].rule.length).toBeGreaterThan(0);
  });

  it('names the kinds a route may have, without the digests', () => {
    const [problem] = routeProblems(stored({ kind: 'daily_digest' }));

    expect(problem.rule).toContain('step_opened');
    expect(problem.rule).toContain('evaluation_due');
    expect(problem.rule).not.toContain('digest');
  });

  it('reports every mistake of a route at once, each with its field', () => {
    const route = stored({ id: 'Bad Id', kind: 'weekly_digest', on: ['Nope', 'EvaluationDue', 'Nada'], audience: [{ party: 'x' }, { role: 'hr_officer', unit: 'receiving' }, { role: 'commune_leader' }], mandatory: 1 });

    expect(fields(route)).toEqual(['id', 'kind', 'on[0]', 'on[2]', 'audience[0]', 'audience[2]', 'mandatory']);
  });
});
