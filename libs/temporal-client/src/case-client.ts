import { decide, DomainError, type CaseRules, type HumanCommandType, type Refusal } from '@app/domain';
import {
  awaitStoredUpdate,
  CASE_REFUSAL,
  CASE_WORKFLOW_TYPE,
  caseStateQuery,
  caseUpdates,
  caseWorkflowId,
  type ActionRequest,
  type CaseView,
  type CaseWorkflowInput,
  type ProposeRequest,
} from '@app/workflows/case.contracts';
import { ApplicationFailure } from '@temporalio/common';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';

/** No case with this id was ever started. */
export class CaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`there is no case ${caseId}`);
    this.name = 'CaseNotFoundError';
  }
}

/** A refused action: nothing happened. `refusal` says why (kind, rule, field, stage). */
export class CaseRefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'CaseRefusedError';
  }
}

function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === CASE_REFUSAL) {
    const detail = error.cause.details?.[0] as Refusal | undefined;
    return detail ?? { kind: 'invalid', rule: 'refused', message: error.cause.message };
  }
  return undefined;
}

/**
 * Clients of the case workflow (the API, tests, scripts). Every action is a Workflow Update whose id
 * is the request id, so a repeated request has one effect; it returns once the events are stored.
 */
export class CaseClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /**
   * Starts a case. The proposal is judged first by the same decider (a refused one starts nothing);
   * the workflow id comes from the case id, so a repeat of the same request joins the case it started.
   */
  async propose(caseId: string, request: Omit<ProposeRequest, 'rules'>, rules: CaseRules): Promise<CaseView> {
    const proposal: ProposeRequest = { ...request, rules };
    try {
      decide({ ...proposal, type: 'propose', caseId, at: new Date().toISOString() }, null);
    } catch (error) {
      if (error instanceof DomainError) throw new CaseRefusedError(error.toRefusal());
      throw error;
    }
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
    const view = await this.client.workflow.executeUpdateWithStart(awaitStoredUpdate, { args: [{ version: 1 }], startWorkflowOperation: start }).catch((error: unknown) => {
      // A closed case keeps its id for good.
      throw error instanceof WorkflowExecutionAlreadyStartedError ? exists() : error;
    });
    if (view.proposalRequestId !== request.requestId) {
      throw exists();
    }
    return view;
  }

  async act<T extends HumanCommandType>(caseId: string, type: T, request: ActionRequest<T>): Promise<CaseView> {
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

  async read(caseId: string): Promise<CaseView> {
    return this.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
  }
}
