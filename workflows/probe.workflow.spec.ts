import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { testEnv } from '../test/support/test-env';
import type { ProbeActivities, ProbeInput } from './probe.contracts';
import { probeStateQuery } from './probe.contracts';
import { probeWorkflow } from './probe.workflow';

/** Workflow logic under the time-skipping test server, with the activity behind a fake. */
describe('probeWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testEnv('testServerPath') } },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  const input: ProbeInput = { probeId: 'probe-1', message: 'xin chào', requestedBy: 'tester', requestedAt: '2026-11-25T08:00:00.000Z' };

  async function run(activities: ProbeActivities) {
    const taskQueue = `probe-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: testEnv('workflowBundlePath') },
      activities,
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(probeWorkflow, { workflowId: `wf-${taskQueue}`, taskQueue, args: [input] });
      const result = await handle.result();
      return { result, state: await handle.query(probeStateQuery) };
    });
  }

  it('returns what the activity recorded and reports it through the query', async () => {
    const recorded = { probeId: 'probe-1', version: 1, recordedAt: '2026-11-25T08:00:01.000Z' };
    const { result, state } = await run({ recordProbe: async (received) => (received.probeId === input.probeId ? recorded : Promise.reject(new Error('wrong input'))) });
    expect(result).toEqual(recorded);
    expect(state).toEqual({ probeId: 'probe-1', status: 'recorded', recorded });
  });

  it('retries the activity after a failure until it succeeds', async () => {
    let attempts = 0;
    const { result } = await run({
      recordProbe: () => {
        attempts += 1;
        if (attempts < 3) return Promise.reject(new Error('database restarting'));
        return Promise.resolve({ probeId: 'probe-1', version: 1, recordedAt: '2026-11-25T08:00:01.000Z' });
      },
    });
    expect(attempts).toBe(3);
    expect(result.version).toBe(1);
  });
});
