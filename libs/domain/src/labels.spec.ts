import { EVENT_TYPES } from './events';
import { ACTION_LABELS, EVENT_LABELS, STAGE_LABELS, capitalised, stageLabel } from './labels';
import { HUMAN_COMMANDS } from './commands';

describe('labels', () => {
  it('names every event of a case in both languages, each name its own', () => {
    expect(Object.keys(EVENT_LABELS).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      expect([type, EVENT_LABELS[type].vi.trim().length > 0, EVENT_LABELS[type].en.trim().length > 0]).toEqual([type, true, true]);
    }
    const vi = EVENT_TYPES.map((type) => EVENT_LABELS[type].vi);
    const en = EVENT_TYPES.map((type) => EVENT_LABELS[type].en);
    expect(new Set(vi).size).toBe(vi.length);
    expect(new Set(en).size).toBe(en.length);
  });

  it('names every human action, and an action and the event it records read alike in Vietnamese', () => {
    for (const action of HUMAN_COMMANDS) expect(ACTION_LABELS[action].vi).not.toBe('');
    expect(EVENT_LABELS.DecisionIssued.vi).toBe(ACTION_LABELS.issueDecision.vi);
    expect(EVENT_LABELS.ArrivalConfirmed.vi).toBe(ACTION_LABELS.confirmArrival.vi);
  });

  it('shows a known stage in the language asked for and an unknown one as it is', () => {
    expect(stageLabel('department_review', 'en')).toBe(STAGE_LABELS.department_review.en);
    expect(stageLabel('department_review')).toBe('thủ trưởng sở xem xét');
    expect(stageLabel('somewhere')).toBe('somewhere');
    expect(capitalised('đề xuất')).toBe('Đề xuất');
  });
});
