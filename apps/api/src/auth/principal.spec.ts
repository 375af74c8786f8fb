import type { Delegation, UserAccount } from '@app/persistence';
import { identitiesOf, inScope, readScopeOf, scopeOf } from './principal';

const unit = (id: string, kind: 'department' | 'commune' = 'department') => ({ id, name: id, kind });
const account = (overrides: Partial<UserAccount>): UserAccount => ({
  id: 'u',
  username: 'u',
  displayName: 'U',
  role: 'hr_officer',
  unit: unit('so-tai-chinh'),
  personId: null,
  language: 'vi',
  disabled: false,
  ...overrides,
});
const state = (sending: string, receiving: string, official: string) => ({ sendingUnit: unit(sending), receivingUnit: unit(receiving, 'commune'), official: { id: official, name: official } });

describe('principals, scopes and identities', () => {
  it('gives province-wide roles everything, unit roles their unit, and officials their own cases', () => {
    expect(scopeOf(account({ role: 'home_affairs_officer', unit: null }))).toEqual({ all: true });
    expect(scopeOf(account({ role: 'party_secretariat', unit: null }))).toEqual({ all: true });
    expect(scopeOf(account({ role: 'auditor', unit: null }))).toEqual({ all: true });
    expect(scopeOf(account({ role: 'department_head', personId: 'cc-9' }))).toEqual({ all: false, unitIds: ['so-tai-chinh'], personIds: ['cc-9'] });
    expect(scopeOf(account({ role: 'official', personId: 'cc-1' }))).toEqual({ all: false, unitIds: [], personIds: ['cc-1'] });
  });

  it('sees a case its unit sends or receives, or that is about the person', () => {
    const hr = scopeOf(account({}));
    expect(inScope(hr, state('so-tai-chinh', 'xa-cu-bao', 'cc-1'))).toBe(true);
    expect(inScope(hr, state('so-xay-dung', 'so-tai-chinh', 'cc-1'))).toBe(true);
    expect(inScope(hr, state('so-xay-dung', 'xa-cu-bao', 'cc-1'))).toBe(false);
    expect(inScope(scopeOf(account({ role: 'official', personId: 'cc-1' })), state('so-xay-dung', 'xa-cu-bao', 'cc-1'))).toBe(true);
  });

  it("lets a deputy act with the delegator's role and unit under their own name, recording both", () => {
    const head = account({ id: 'gd', displayName: 'Giám đốc', role: 'department_head' });
    const deputy = account({ id: 'pgd', displayName: 'Phó giám đốc', role: 'official', personId: 'cc-4' });
    const delegation: Delegation = { id: 'd1', delegator: head, deputy, startsOn: '2026-11-25', endsOn: '2026-12-05', reason: 'công tác', createdAt: '', revokedAt: null };
    const principal = { account: deputy, delegations: [delegation] };
    const [own, asDeputy] = identitiesOf(principal);
    expect(own.actor).toEqual({ id: 'pgd', name: 'Phó giám đốc', role: 'official', unitId: 'so-tai-chinh', personId: 'cc-4' });
    expect(asDeputy.actor).toEqual({ id: 'pgd', name: 'Phó giám đốc', role: 'department_head', unitId: 'so-tai-chinh', personId: 'cc-4', onBehalfOf: { id: 'gd', name: 'Giám đốc' } });
    expect(asDeputy.delegation).toBe(delegation);
    expect(readScopeOf(principal)).toEqual({ all: false, unitIds: ['so-tai-chinh'], personIds: ['cc-4'] });
  });
});
