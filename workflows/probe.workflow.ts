import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { ProbeActivities, ProbeInput, ProbeRecorded, ProbeState } from './probe.contracts';
import { probeStateQuery } from './probe.contracts';

const { recordProbe } = proxyActivities<ProbeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

export async function probeWorkflow(input: ProbeInput): Promise<ProbeRecorded> {
  const state: ProbeState = { probeId: input.probeId, status: 'recording' };
  setHandler(probeStateQuery, () => state);
  const recorded = await recordProbe(input);
  state.status = 'recorded';
  state.recorded = recorded;
  return recorded;
}
