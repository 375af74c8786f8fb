import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { type FieldProblem, fieldsProblem } from './problem-details';

/** A NUL, or half of a UTF-16 surrogate pair with no other half. */
// eslint-disable-next-line no-control-regex -- finding the NUL is the point
const NOT_PLAIN_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Keys that reach an object's prototype when class-transformer copies them onto the DTO. */
const PROTOTYPE_KEYS = new Set(['__proto__']);

/**
 * Runs before the validation, on the input as parsed, and refuses with 400 naming the field:
 * - text PostgreSQL cannot hold, anywhere in a body, query or path (rule `plainText`): a NUL
 *   character, which neither `text` nor `jsonb` stores, and an unpaired surrogate, which `jsonb`
 *   refuses and UTF-8 cannot encode. Let through, either would fail the write after the request
 *   was accepted;
 * - input nested more than MAX_DEPTH levels deep (rule `maxDepth`);
 * - a `__proto__` key (rule `unknown-field`): JSON.parse keeps it as an ordinary key, which the
 *   whitelist does not see, and copying it onto the DTO would set the DTO's prototype, whose
 *   properties the validation then reads as if they had been sent.
 */
@Injectable()
export class PlainInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems: FieldProblem[] = [];
    walk(value, metadata.type === 'param' || metadata.type === 'query' ? (metadata.data ?? '') : '', problems, 0);
    if (problems.length > 0) throw fieldsProblem(problems);
    return value;
  }
}

/**
 * Far deeper than any body the API takes (a batch of nominations is 4 levels). The validation and
 * class-transformer recurse into what they are given, and a body tens of thousands of levels deep
 * (a few hundred kB of brackets) overflowed the stack: a 500.
 */
const MAX_DEPTH = 32;

function walk(value: unknown, path: string, problems: FieldProblem[], depth: number): void {
  if (typeof value === 'string') {
    if (NOT_PLAIN_TEXT.test(value)) {
      const field = path || 'body';
      problems.push({ field, rule: 'plainText', message: `${field} must not contain a NUL character or an unpaired surrogate` });
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    const field = path || 'body';
    problems.push({ field, rule: 'maxDepth', message: `${field} is nested more than ${MAX_DEPTH} levels deep` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, problems, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) {
      problems.push({ field, rule: 'unknown-field', message: `property ${key} should not exist` });
      continue;
    }
    if (NOT_PLAIN_TEXT.test(key)) problems.push({ field, rule: 'plainText', message: `the name ${JSON.stringify(key)} must not contain a NUL character or an unpaired surrogate` });
    walk(item, field, problems, depth + 1);
  }
}
