/**
 * Webhook signatures: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the
 * subscription's secret. A receiver (and our tests) accepts only the secret's signature of this very
 * body, made within the tolerance.
 */
import { createHmac } from 'node:crypto';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook, verifyWebhook } from './webhook-signature';

const SECRET = 'whsec_3f9a1c7e2b5d48a6b0e1f2c3d4e5f607';
const BODY = JSON.stringify({ type: 'DecisionIssued', caseId: 'HS-2026-7K3M9Q2X', version: 5, data: { decisionNumber: '1234/QĐ-UBND' } });
const T = 1_767_225_600; // 2026-01-01T00:00:00Z

describe('signWebhook and verifyWebhook', () => {
  it('names the headers a receiver reads', () => {
    expect(SIGNATURE_HEADER).toBe('x-secondment-signature');
    expect(DELIVERY_HEADER).toBe('x-secondment-delivery');
    expect(EVENT_HEADER).toBe('x-secondment-event');
  });

  it('writes t=<unix seconds>,v1=<64 hex digits>', () => {
    expect(signWebhook(SECRET, BODY, T)).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
  });

  it('signs "<t>.<body>" with HMAC-SHA256 of the secret, as any receiver can check with node:crypto', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');

    expect(signWebhook(SECRET, BODY, T)).toBe(`t=${T},v1=${expected}`);
  });

  it('signs with the current time when none is given', () => {
    const before = Math.floor(Date.now() / 1000);
    const header = signWebhook(SECRET, BODY);
    const after = Math.floor(Date.now() / 1000);
    const t = Number(/^t=(\d+),/.exec(header)?.[1]);

    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
    expect(verifyWebhook(SECRET, BODY, header)).toBe(true);
  });

  it('accepts its own signature of the body (a round trip), within the tolerance either way', () => {
    const header = signWebhook(SECRET, BODY, T);

    expect(verifyWebhook(SECRET, BODY, header, 300, T)).toBe(true);
    expect(verifyWebhook(SECRET, BODY, header, 300, T + 300)).toBe(true);
    expect(verifyWebhook(SECRET, BODY, header, 300, T - 300)).toBe(true);
  });

  it('signs a body with non-ASCII text byte for byte', () => {
    const body = JSON.stringify({ officialName: 'Nguyễn Văn An', unit: 'Phường Hải Châu' });

    expect(verifyWebhook(SECRET, body, signWebhook(SECRET, body, T), 300, T)).toBe(true);
    expect(verifyWebhook(SECRET, body.normalize('NFD'), signWebhook(SECRET, body, T), 300, T)).toBe(false);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifyWebhook(SECRET, BODY, signWebhook('whsec_another', BODY, T), 300, T)).toBe(false);
  });

  it('refuses an altered body', () => {
    const header = signWebhook(SECRET, BODY, T);

    expect(verifyWebhook(SECRET, BODY.replace('1234', '1235'), header, 300, T)).toBe(false);
    expect(verifyWebhook(SECRET, `${BODY} `, header, 300, T)).toBe(false);
  });

  it('refuses a signature whose timestamp was changed (the timestamp is signed too)', () => {
    const header = signWebhook(SECRET, BODY, T);

    expect(verifyWebhook(SECRET, BODY, header.replace(`t=${T}`, `t=${T + 1}`), 300, T)).toBe(false);
  });

  it('refuses a stale or future timestamp beyond the tolerance, though the signature is right', () => {
    const header = signWebhook(SECRET, BODY, T);

    expect(verifyWebhook(SECRET, BODY, header, 300, T + 301)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, 300, T - 301)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, 60, T + 61)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, 3600, T + 301)).toBe(true);
  });

  it('refuses by default a signature older than five minutes', () => {
    const old = Math.floor(Date.now() / 1000) - 301;

    expect(verifyWebhook(SECRET, BODY, signWebhook(SECRET, BODY, old))).toBe(false);
  });

  it('refuses a missing or empty header', () => {
    expect(verifyWebhook(SECRET, BODY, undefined, 300, T)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, '', 300, T)).toBe(false);
  });

  it.each([
    ['no v1', `t=${T}`],
    ['no t', `v1=${'a'.repeat(64)}`],
    ['a t that is not a number', `t=soon,v1=${'a'.repeat(64)}`],
    ['a t with a fraction', `t=${T}.5,v1=${'a'.repeat(64)}`],
    ['a v1 too short', `t=${T},v1=${'a'.repeat(63)}`],
    ['a v1 too long', `t=${T},v1=${'a'.repeat(65)}`],
    ['a v1 in upper case', `t=${T},v1=${'A'.repeat(64)}`],
    ['a v1 that is not hex', `t=${T},v1=${'g'.repeat(64)}`],
    ['another scheme', `t=${T},v0=${'a'.repeat(64)}`],
    ['garbage', 'sha256=deadbeef'],
  ])('refuses a malformed header: %s', (_what, header) => {
    expect(verifyWebhook(SECRET, BODY, header, 300, T)).toBe(false);
  });
});
