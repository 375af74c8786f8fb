import { DEFAULT_ELIGIBILITY_RULES, type LocalDate } from '@app/domain';
import { type PoolOfficial } from './ranking';
import { pairCommunes, redistributionSides, type PairingInput } from './redistribution';

/** The redistribution's greedy pairing, worked out by hand (the default share is 7%). */

const official = (id: string, unitId: string, staff: number): PoolOfficial => ({
  id,
  name: `Người ${id}`,
  unitId,
  unitName: unitId,
  staff,
  away: 0,
  fieldQuota: 1,
  rank: null,
  employment: 'civil_servant',
  isLeader: false,
  inLeadershipPlan: false,
  birthDate: null,
  gender: null,
});

const COMMUNES = [
  { unitId: 'xa-b', name: 'Xã B', balance: 2 },
  { unitId: 'xa-e', name: 'Xã E', balance: 0 },
  { unitId: 'xa-d', name: 'Xã D', balance: -1 },
  { unitId: 'xa-a', name: 'Xã A', balance: 2 },
  { unitId: 'xa-c', name: 'Xã C', balance: -3 },
];

// Xã A: 30 on its books, so 2 of them (6.7%) may go; Xã B: 15, so 1 (6.7%).
const POOL = [official('cc-a2', 'xa-a', 30), official('cc-b2', 'xa-b', 15), official('cc-a1', 'xa-a', 30), official('cc-b1', 'xa-b', 15)];

function pairing(protectedIds: string[] = [], planned = new Map<string, number>()): { input: PairingInput; reads: string[] } {
  const reads: string[] = [];
  const { overs, shorts } = redistributionSides(COMMUNES);
  const readProtections: PairingInput['readProtections'] = (ids, from, to) => {
    reads.push(`${from.unitId}→${to.unitId}: ${ids.join(' ')}`);
    return Promise.resolve(new Map<string, LocalDate>(ids.filter((id) => protectedIds.includes(id)).map((id) => [id, '2027-12-31'])));
  };
  return { input: { fieldId: 'dat-dai', overs, shorts, pool: POOL, eligibility: DEFAULT_ELIGIBILITY_RULES, plannedStart: '2026-07-01', planned, readProtections }, reads };
}

const summary = (moves: Awaited<ReturnType<typeof pairCommunes>>) => moves.map((m) => `${m.from.unitId}(${m.from.over})→${m.to.unitId}(${m.to.short}): ${m.officials.map((o) => o.officialId).join(' ')}`);

describe('redistribution', () => {
  it('sorts the communes over (most first) and short (most first), ties by unit id, and leaves the balanced out', () => {
    const { overs, shorts } = redistributionSides(COMMUNES);
    expect(overs.map((c) => [c.unitId, c.over, c.left])).toEqual([
      ['xa-a', 2, 2],
      ['xa-b', 2, 2],
    ]);
    expect(shorts.map((c) => [c.unitId, c.short, c.left])).toEqual([
      ['xa-c', 3, 3],
      ['xa-d', 1, 1],
    ]);
  });

  it('gives the most over to the most short, as many as the share allows, officials in id order', async () => {
    const { input, reads } = pairing();
    const moves = await pairCommunes(input);
    // Xã A gives its 2 to Xã C (short 3); Xã B may give 1 (its share), to Xã C, now short 1; its share is then spent, so Xã D gets no one.
    expect(summary(moves)).toEqual(['xa-a(2)→xa-c(3): cc-a1 cc-a2', 'xa-b(2)→xa-c(3): cc-b1']);
    expect(reads).toEqual(['xa-a→xa-c: cc-a1 cc-a2', 'xa-b→xa-c: cc-b1']);
    expect(input.planned).toEqual(
      new Map([
        ['xa-a', 2],
        ['xa-b', 1],
      ]),
    );
  });

  it('moves on when a commune has no one eligible left, and counts what it gave in other fields against its share', async () => {
    const { input } = pairing(['cc-a1']);
    // cc-a1 is protected: Xã A gives cc-a2 alone and is done; Xã C, still short 2, gets cc-b1.
    expect(summary(await pairCommunes(input))).toEqual(['xa-a(2)→xa-c(3): cc-a2', 'xa-b(2)→xa-c(3): cc-b1']);
    // Xã A gave 1 in an earlier field: room for 1 more; Xã B gave 1: none.
    const earlier = pairing(
      [],
      new Map([
        ['xa-a', 1],
        ['xa-b', 1],
      ]),
    );
    expect(summary(await pairCommunes(earlier.input))).toEqual(['xa-a(2)→xa-c(3): cc-a1']);
  });
});
