import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-secondment-signature';
/** The delivery's dedupe key: the same on every retry and replay, so a receiver can drop repeats. */
export const DELIVERY_HEADER = 'x-secondment-delivery';
export const EVENT_HEADER = 'x-secondment-event';

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * Signs a webhook body with the subscription's secret. The timestamp is signed with the body, so a
 * receiver that refuses old timestamps also refuses a replayed request.
 */
export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** For receivers (and our tests): is this signature the secret's, for this body, and fresh enough? */
export function verifyWebhook(secret: string, body: string, header: string | undefined, toleranceSeconds = 300, now = Math.floor(Date.now() / 1000)): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now - timestamp) > toleranceSeconds) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(hmac(secret, timestamp, body), 'hex'));
}
