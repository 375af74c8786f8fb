import type { CaseRules, HumanCommandType } from '@app/domain';
import {
  awaitStoredUpdate,
  CASE_WORKFLOW_TYPE,
  caseStateQuery,
  caseUpdates,
  caseWorkflowId,
  type ActionRequest,
  type CaseView,
  type CaseWorkflowInput,
  type ProposeRequest,
} from '@app/workflows/case.contracts';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { caseErrorOf, CaseNotFoundError, CaseRefusedError, refusalOf } from './case-errors';

export * from './case-errors';

export interface CaseClientOptions {
  /** How long a start or an action may wait for the workflow's answer; past it, CaseTimeoutError. Unset: the SDK's own. */
  deadlineMs?: number;
}

/**
 * Clients of the case workflow (the API, tests, scripts). Every action is a Workflow Update whose id
 * is the request id, so a repeated request has one effect; it returns once the events are stored.
 * Temporal's failures come out as the typed errors of case-errors.ts (refused, not found, recovering,
 * timed out, unavailable).
 */
export class CaseClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly options: CaseClientOptions = {},
  ) {}

  /**
   * Starts a case from a proposal its caller has judged (the API runs the decider on it before it
   * reserves the official); the workflow judges it once more as it records it, and refuses an
   * invalid one by itself (the case then fails with the refusal, and this throws CaseRefusedError). The workflow id comes from the case id, so a repeat of the same request
   * joins the case it started.
   */
  async propose(caseId: string, request: Omit<ProposeRequest, 'rules'>, rules: CaseRules): Promise<CaseView> {
    const proposal: ProposeRequest = { ...request, rules };
    const input: CaseWorkflowInput = { caseId, proposal };
    const exists = (): CaseRefusedError => new CaseRefusedError({ kind: 'wrong_stage', rule: 'case_exists', message: `case ${caseId} already exists` });
    // Update-with-start: the start and the wait for the first stored event are one call to the server
    // (and one workflow task), not a start and then an update.
    const start = new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(caseId),
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    const view = await this.call(caseId, () =>
      this.client.workflow.executeUpdateWithStart(awaitStoredUpdate, { args: [{ version: 1 }], startWorkflowOperation: start }).catch(async (error: unknown) => {
        // A closed case keeps its id for good.
        if (error instanceof WorkflowExecutionAlreadyStartedError) throw exists();
        // A start the workflow refused: it failed with the refusal before the update could complete.
        if (error instanceof WorkflowUpdateFailedError && !refusalOf(error)) {
          const refusal = await start.workflowHandle().then((handle) => handle.result().then(() => undefined, refusalOf));
          if (refusal) throw new CaseRefusedError(refusal);
        }
        throw error;
      }),
    );
    if (view.proposalRequestId !== proposal.requestId) {
      throw exists();
    }
    return view;
  }

  async act<T extends HumanCommandType>(caseId: string, type: T, request: ActionRequest<T>): Promise<CaseView> {
    return this.call(caseId, () => this.update(caseId, type, request));
  }

  async read(caseId: string): Promise<CaseView> {
    return this.call(caseId, () => this.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery));
  }

  private async update<T extends HumanCommandType>(caseId: string, type: T, request: ActionRequest<T>): Promise<CaseView> {
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await handle.executeUpdate(caseUpdates[type], { args: [request] as never, updateId: request.requestId });
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal) throw new CaseRefusedError(refusal);
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        // The case closed before the action reached it (a racing action closed it, or it was already
        // closed), or it never existed. A run that continued as new takes the action on a second try.
        const status = await handle.describe().then(
          (described) => described.status.name,
          (cause: unknown) => {
            if (cause instanceof WorkflowNotFoundError) return undefined;
            throw cause;
          },
        );
        if (status === undefined) throw new CaseNotFoundError(caseId);
        if (status === 'RUNNING' && attempt < 2) continue;
        throw new CaseRefusedError({ kind: 'wrong_stage', rule: 'stage', stage: 'closed', message: `the case is closed; ${type} is no longer possible` });
      }
    }
  }

  /** Runs a call on the case with the client's deadline; Temporal's failures become the typed errors. */
  private async call<R>(caseId: string, fn: () => Promise<R>): Promise<R> {
    const { deadlineMs } = this.options;
    try {
      return await (deadlineMs === undefined ? fn() : this.client.withDeadline(Date.now() + deadlineMs, fn));
    } catch (error) {
      throw caseErrorOf(error, caseId, deadlineMs);
    }
  }
}
