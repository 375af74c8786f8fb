import { PlainInputPipe } from './plain-input.pipe';
import { ProblemException } from './problem-details';

describe('PlainInputPipe: input PostgreSQL or the validation cannot take is refused by field', () => {
  const pipe = new PlainInputPipe();
  const body = { type: 'body' as const };

  /** The field problems the pipe refuses `value` with (none: it passed unchanged). */
  function problems(value: unknown, metadata: Parameters<PlainInputPipe['transform']>[1] = body): unknown[] {
    try {
      expect(pipe.transform(value, metadata)).toBe(value);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      return ((error as ProblemException).toProblem('en').errors ?? []).map(({ field, rule }) => ({ field, rule }));
    }
  }

  it('lets through ordinary text of every script, emoji (paired surrogates) included, and markup and SQL as the text they are', () => {
    expect(problems({ reason: "Xã thiếu công chức 🙂 '; DROP TABLE x; -- <script>", changes: { position: '‮ RTL' }, list: ['a', { b: 'c' }] })).toEqual([]);
  });

  it('names each NUL and unpaired surrogate by its path, in a body, a query and a path parameter', () => {
    expect(problems({ reason: 'a\u0000b', changes: { position: 'x\ud800' }, attachments: [{ name: 'ok' }, { name: '\udc00y' }] })).toEqual([
      { field: 'reason', rule: 'plainText' },
      { field: 'changes.position', rule: 'plainText' },
      { field: 'attachments[1].name', rule: 'plainText' },
    ]);
    expect(problems({ q: 'x\u0000' }, { type: 'query' })).toEqual([{ field: 'q', rule: 'plainText' }]);
    expect(problems('HS-\u0000', { type: 'param', data: 'caseId' })).toEqual([{ field: 'caseId', rule: 'plainText' }]);
  });

  it('refuses a __proto__ key as an unknown field, and input nested beyond 32 levels', () => {
    expect(problems(JSON.parse('{"comment":"ok","__proto__":{"isAdmin":true}}'))).toEqual([{ field: '__proto__', rule: 'unknown-field' }]);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i += 1) deep = [deep];
    expect(problems({ nominations: deep })).toEqual([{ field: `nominations${'[0]'.repeat(31)}`, rule: 'maxDepth' }]);
  });
});
