import type { EligibilityRules, LocalDate } from '@app/domain';
import { byId, isEligible, shareRoom, type PoolOfficial } from './ranking';

/**
 * Redistribution pairs, per field (in the province's field order), the communes over in it (most
 * over first, ties by unit id) with the communes short in it (most short first, ties by unit id),
 * greedily: the most over gives to the most short as many officials as the smaller of what the one
 * has over, what the other lacks and what the giving commune's share still allows, then the next;
 * a commune's share is spent across fields. The officials a commune gives are its eligible ones of
 * the field in id order. The protections are read (and the reads logged) by the caller, only for
 * the officials about to be given.
 */

export interface RedistributionMove {
  fieldId: string;
  from: { unitId: string; name: string; over: number };
  to: { unitId: string; name: string; short: number };
  officials: { officialId: string; name: string }[];
}

/** A commune over in the field: by how many, and how many it has still to give in this pairing. */
export interface GivingCommune {
  unitId: string;
  name: string;
  over: number;
  left: number;
}

/** A commune short in the field: by how many, and how many it still lacks in this pairing. */
export interface TakingCommune {
  unitId: string;
  name: string;
  short: number;
  left: number;
}

/** The communes over in a field (most over first) and short in it (most short first), ties by unit id. */
export function redistributionSides(communes: readonly { unitId: string; name: string; balance: number }[]): { overs: GivingCommune[]; shorts: TakingCommune[] } {
  const overs = communes
    .filter((c) => c.balance > 0)
    .map((c) => ({ unitId: c.unitId, name: c.name, over: c.balance, left: c.balance }))
    .sort((a, b) => b.over - a.over || byId(a.unitId, b.unitId));
  const shorts = communes
    .filter((c) => c.balance < 0)
    .map((c) => ({ unitId: c.unitId, name: c.name, short: -c.balance, left: -c.balance }))
    .sort((a, b) => b.short - a.short || byId(a.unitId, b.unitId));
  return { overs, shorts };
}

export interface PairingInput {
  fieldId: string;
  overs: GivingCommune[];
  shorts: TakingCommune[];
  /** The field's officials of the giving communes, not on an open case. */
  pool: readonly PoolOfficial[];
  eligibility: EligibilityRules;
  plannedStart: LocalDate;
  /** Officials each commune gives in moves already planned, across fields; the pairing adds its own. */
  planned: Map<string, number>;
  /** Reads (and logs) the protection of these officials for a move; their last protected day by official. */
  readProtections: (officialIds: string[], from: GivingCommune, to: TakingCommune) => Promise<Map<string, LocalDate>>;
}

/** The greedy pairing of one field's over and short communes, with the officials who could move. */
export async function pairCommunes(input: PairingInput): Promise<RedistributionMove[]> {
  const { overs, shorts, planned } = input;
  const byUnit = new Map<string, PoolOfficial[]>();
  for (const official of [...input.pool].sort((a, b) => byId(a.id, b.id))) byUnit.set(official.unitId, [...(byUnit.get(official.unitId) ?? []), official]);
  const moves: RedistributionMove[] = [];
  let i = 0;
  let j = 0;
  while (i < overs.length && j < shorts.length) {
    const from = overs[i];
    const to = shorts[j];
    const waiting = byUnit.get(from.unitId) ?? [];
    const first = waiting[0];
    const room = first ? shareRoom(first.staff, first.away + (planned.get(from.unitId) ?? 0), input.eligibility.departmentMaxSharePercent) : 0;
    const wanted = Math.min(from.left, to.left, room);
    if (wanted === 0) {
      i += 1;
      continue;
    }
    const picked: PoolOfficial[] = [];
    while (picked.length < wanted && waiting.length > 0) {
      const chunk = waiting.splice(0, wanted - picked.length);
      const protections = await input.readProtections(
        chunk.map((official) => official.id),
        from,
        to,
      );
      for (const official of chunk) {
        if (isEligible(official, protections.get(official.id) ?? null, input.eligibility, input.plannedStart, (planned.get(from.unitId) ?? 0) + picked.length)) picked.push(official);
      }
    }
    if (picked.length > 0) {
      moves.push({
        fieldId: input.fieldId,
        from: { unitId: from.unitId, name: from.name, over: from.over },
        to: { unitId: to.unitId, name: to.name, short: to.short },
        officials: picked.map((official) => ({ officialId: official.id, name: official.name })),
      });
      planned.set(from.unitId, (planned.get(from.unitId) ?? 0) + picked.length);
      from.left -= picked.length;
      to.left -= picked.length;
    }
    // A commune with no one left to give (or none eligible) is done; so is a commune no longer short.
    if (picked.length < wanted || from.left === 0) i += 1;
    if (to.left === 0) j += 1;
  }
  return moves;
}
