import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { testEnv } from '../test/support/test-env';

const HISTORY_FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'histories');

/**
 * Recorded histories of finished cases (test/fixtures/histories, written by
 * `npm run fixtures:histories`) replayed against the current workflow code. A change that would
 * break a running case fails here: guard it with `patched()` or ship it under a new Build ID.
 */
describe('caseWorkflow replay', () => {
  it('replays every recorded history with no nondeterminism', async () => {
    const files = (await readdir(HISTORY_FIXTURES)).filter((file) => file.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(10);
    const histories = await Promise.all(
      files.map(async (file) => ({ workflowId: file, history: temporal.api.history.v1.History.fromObject(JSON.parse(await readFile(join(HISTORY_FIXTURES, file), 'utf8')) as Record<string, unknown>) })),
    );
    const outcomes: { file: string; error?: string }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testEnv('workflowBundlePath') } }, histories)) {
      outcomes.push({ file: result.workflowId, ...(result.error ? { error: String(result.error) } : {}) });
    }
    expect(outcomes).toEqual(files.map((file) => ({ file })));
  });
});
