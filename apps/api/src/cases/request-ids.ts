import { createHash, randomUUID } from 'node:crypto';
import { localDateOf, type LocalDate } from '@app/domain';
import type { Principal } from '../auth/principal';

/** The province's "today" (Asia/Ho_Chi_Minh). */
export function today(): LocalDate {
  return localDateOf(new Date().toISOString());
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Case ids people can read out and type: HS-<year>-<8 Crockford base-32 characters>. */
export function caseIdFrom(seed: Buffer): string {
  let id = '';
  for (let i = 0; i < 8; i += 1) id += CROCKFORD[seed[i] % 32];
  return `HS-${today().slice(0, 4)}-${id}`;
}

/**
 * The request id (and case id seed) of a change. With an Idempotency-Key it is derived from the
 * caller and the key, so a retry reaches the same workflow update, or the same case, and has one
 * effect; without one it is random.
 */
export function requestSeed(principal: Principal, idempotencyKey: string | undefined, part: string): { requestId: string; bytes: Buffer } {
  if (!idempotencyKey) {
    const random = randomUUID();
    return { requestId: random, bytes: createHash('sha256').update(random).digest() };
  }
  const bytes = createHash('sha256').update(`${principal.account.id}\n${idempotencyKey}\n${part}`).digest();
  return { requestId: `k-${bytes.toString('hex').slice(0, 40)}`, bytes };
}
