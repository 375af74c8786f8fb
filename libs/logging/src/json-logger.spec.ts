import { createLogger, JsonNestLogger } from './json-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, sink: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

describe('JSON logs', () => {
  it('writes one JSON object per line with time, level, context and message', () => {
    const { lines, sink } = capture();
    createLogger('stack', { level: 'info', sink }).info('stack is up', { seconds: 3.4 });
    expect(lines).toEqual([{ time: expect.any(String), level: 'info', context: 'stack', msg: 'stack is up', seconds: 3.4 }]);
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
  });

  it('drops lines below the level and keeps those at or above it', () => {
    const { lines, sink } = capture();
    const log = createLogger('x', { level: 'warn', sink });
    log.debug('no');
    log.info('no');
    log.warn('yes');
    log.error('yes');
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error']);
  });

  it('serialises errors with their message and stack, and names children', () => {
    const { lines, sink } = capture();
    createLogger('stack', { level: 'info', sink }).child('postgres').error('failed', { err: new Error('boom') });
    expect(lines[0]).toMatchObject({ context: 'stack.postgres', err: { type: 'Error', message: 'boom', stack: expect.stringContaining('boom') } });
  });

  it('censors passwords, tokens and secrets in fields', () => {
    const { lines, sink } = capture();
    createLogger('auth', { level: 'info', sink }).info('login attempt', { username: 'hr.sotaichinh', password: 'hunter2', request: { token: 't', headers: { authorization: 'Bearer x' } } });
    expect(lines[0]).toMatchObject({ username: 'hr.sotaichinh', password: '***', request: { token: '***' } });
    expect(JSON.stringify(lines[0])).not.toMatch(/hunter2|Bearer x/);
  });

  it("carries Nest's messages in the same shape, with Nest's context", () => {
    const { lines, sink } = capture();
    const logger = new JsonNestLogger('api', 'info', sink);
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    logger.error('request failed', 'Error: x\n    at y', 'ExceptionsHandler');
    logger.debug('hidden', 'X');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', context: 'api.RouterExplorer', msg: 'Mapped {/health, GET} route' }),
      expect.objectContaining({ level: 'error', context: 'api.ExceptionsHandler', msg: 'request failed', stack: 'Error: x\n    at y' }),
    ]);
  });
});
