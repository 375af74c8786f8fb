import { defineQuery } from '@temporalio/workflow';

/**
 * The thin slice that proves the wiring (API → workflow → activity → PostgreSQL → read back).
 * The lifecycle workflow replaces it.
 */
export interface ProbeInput {
  probeId: string;
  message: string;
  requestedBy: string;
  requestedAt: string;
}

export interface ProbeRecorded {
  probeId: string;
  /** Position of the event in the case's stream; (caseId, version) is unique in the event store. */
  version: number;
  recordedAt: string;
}

export interface ProbeState {
  probeId: string;
  status: 'recording' | 'recorded';
  recorded?: ProbeRecorded;
}

export interface ProbeActivities {
  recordProbe(input: ProbeInput): Promise<ProbeRecorded>;
}

export const probeStateQuery = defineQuery<ProbeState>('probeState');

export const PROBE_WORKFLOW_TYPE = 'probeWorkflow';
