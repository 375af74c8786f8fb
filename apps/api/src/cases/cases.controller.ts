import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { actionPath } from '@app/api-routes';
import type { CommandPayloads, HumanCommandType } from '@app/domain';
import { DirectoryRepository, type CaseSort } from '@app/persistence';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';
import { fieldsProblem, languageOf } from '../common/problem-details';
import { Idempotent, type IdempotentRequest } from '../common/idempotency.interceptor';
import { CaseActionsService } from './case-actions.service';
import { CaseReadsService, type CaseDetail } from './case-reads.service';
import { NominationChecksService } from './nomination-checks.service';
import { NominationsService } from './nominations.service';
import { today } from './request-ids';
import {
  BatchApproveDto,
  BatchIssueDecisionDto,
  BatchNominationDto,
  CommentDto,
  ConfirmArrivalDto,
  ConfirmReturnDto,
  CorrectDecisionDto,
  DecideEndDto,
  DocumentRefDto,
  EvaluationDto,
  ExtendDto,
  IssueDecisionDto,
  NominationDto,
  PartyOpinionDto,
  ReasonDto,
  RecallEarlyDto,
  ReportDto,
  ResubmitDto,
} from './dto/case-input.dto';
import { BatchResultDto, CaseDetailDto, CasePageDto, InboxItemDto, PipelineDto } from './dto/case-output.dto';
import { BatchNominationCheckDto, BatchNominationCheckResultDto, NominationCheckDto, NominationCheckResultDto } from './dto/nomination-check.dto';
import { CaseFilterQuery, ExportFormatQuery, ExportQuery, ListCasesQuery } from './dto/case-query.dto';
import { toCsv, toXlsx } from './export';

function sortOf(sort: string | undefined): { sort: CaseSort; descending: boolean } {
  const value = sort ?? '-proposedAt';
  return { sort: value.replace(/^-/, '') as CaseSort, descending: value.startsWith('-') };
}

const EXPORT_LIMIT = 50_000;

async function sendExport(response: Response, rows: Parameters<typeof toCsv>[0], format: 'csv' | 'xlsx' | undefined, name: string): Promise<StreamableFile> {
  const file = `${name}-${today()}.${format ?? 'csv'}`;
  const body = format === 'xlsx' ? await toXlsx(rows) : toCsv(rows);
  response.setHeader('Content-Type', format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${file}"`);
  return new StreamableFile(body);
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CasesController {
  constructor(
    private readonly reads: CaseReadsService,
    private readonly nominations: NominationsService,
    private readonly checks: NominationChecksService,
    private readonly actions: CaseActionsService,
    private readonly directory: DirectoryRepository,
  ) {}

  // ------------------------------------------------------------------------------------------
  // Reads.

  @Get('cases')
  @ApiOperation({ summary: 'The cases the caller may see, filtered, sorted and paginated' })
  @ApiOkResponse({ type: CasePageDto })
  @ApiProblems(400, 401)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListCasesQuery) {
    return this.reads.list(principal, query.toFilter(), { ...sortOf(query.sort), page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
  }

  @Get('cases/export')
  @ApiOperation({ summary: 'The case list as filtered, as CSV (UTF-8 with BOM, for Excel) or .xlsx' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file', content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(400, 401)
  async export(@CurrentPrincipal() principal: Principal, @Query() query: ExportQuery, @Res({ passthrough: true }) response: Response) {
    const page = await this.reads.list(principal, query.toFilter(), { ...sortOf(query.sort), page: 1, pageSize: EXPORT_LIMIT });
    return sendExport(response, page.items, query.format, 'ho-so');
  }

  @Get('inbox')
  @ApiOperation({ summary: 'Cases waiting for an action the caller may take (as themselves or as a deputy), oldest deadline first' })
  @ApiOkResponse({ type: [InboxItemDto] })
  @ApiProblems(401)
  inbox(@CurrentPrincipal() principal: Principal) {
    return this.reads.inbox(principal);
  }

  @Get('inbox/export')
  @ApiOperation({ summary: "The caller's inbox as CSV or .xlsx" })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file', content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(400, 401)
  async exportInbox(@CurrentPrincipal() principal: Principal, @Query() query: ExportFormatQuery, @Res({ passthrough: true }) response: Response) {
    return sendExport(response, await this.reads.inbox(principal), query.format, 'viec-can-xu-ly');
  }

  @Get('pipeline')
  @ApiOperation({ summary: 'Counts for the pipeline: open cases by stage × department and × commune, overdue steps and terms, terms ending in 30/90 days' })
  @ApiOkResponse({ type: PipelineDto })
  @ApiProblems(400, 401)
  pipeline(@CurrentPrincipal() principal: Principal, @Query() query: CaseFilterQuery) {
    return this.reads.pipeline(principal, query.toFilter());
  }

  @Get('cases/:caseId')
  @ApiOperation({ summary: "A case: its summary, state, pending timers, the caller's possible actions, and its timeline" })
  @ApiParam({ name: 'caseId', example: 'HS-2026-7Q2M4K9D' })
  @ApiOkResponse({ type: CaseDetailDto })
  @ApiProblems(401, 403, 404)
  detail(@CurrentPrincipal() principal: Principal, @Param('caseId') caseId: string) {
    return this.reads.detail(principal, caseId);
  }

  // ------------------------------------------------------------------------------------------
  // Nominations.

  @Post('cases')
  @Idempotent()
  @ApiOperation({ summary: 'Nominate an official: starts the case workflow; returns once the proposal is stored' })
  @ApiCreatedResponse({ type: CaseDetailDto })
  @ApiProblems(400, 401, 403, 409, 422, 503)
  propose(@CurrentPrincipal() principal: Principal, @Body() body: NominationDto, @Req() request: IdempotentRequest): Promise<CaseDetail> {
    return this.nominations.propose(principal, body, request.idempotencyKey);
  }

  @Post('cases/check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a nomination without making it: every reason POST /cases would refuse it, not only the first',
    description:
      'The same body and the same judges as POST /cases (the registry, the case rules of the decider, the eligibility rules against the other cases), ' +
      'but nothing is started, reserved or recorded: no case, no event, no reservation; only the read of the official’s protected data is logged, as every such read is. ' +
      'position and reason may still be missing (each is then a problem, rule required). ' +
      'An invalid body is 400 and a caller who may not nominate is 403, as POST /cases answers; otherwise 200 with ok and the problems, ' +
      'each named by the rule, field, status and problem type POST /cases would answer with, with its message in both languages, legal basis, and whether Home Affairs may override it. ' +
      'The answer holds for the moment of the check: POST /cases judges again.',
  })
  @ApiOkResponse({ type: NominationCheckResultDto })
  @ApiProblems(400, 401, 403)
  check(@CurrentPrincipal() principal: Principal, @Body() body: NominationCheckDto, @Req() request: Request) {
    return this.checks.check(principal, body, languageOf(request));
  }

  @Post('batch/nominations/check')
  @HttpCode(200)
  @ApiTags('batch')
  @ApiOperation({
    summary: 'Check a batch of nominations without making any: what POST /batch/nominations would answer for each',
    description:
      'Each nomination judged as POST /cases/check judges it, plus one official twice in the batch (duplicate_in_batch, the later ones). ' +
      'Fields are named nominations[i].…, and a nomination the caller may not make has the 403’s rule among its problems, as in POST /batch/nominations. ' +
      'Nothing is started, reserved or recorded but the logged reads of protected data. ' +
      'The department’s share is counted down by the batch’s own earlier nominations that would be made, as POST /batch/nominations counts them.',
  })
  @ApiOkResponse({ type: BatchNominationCheckResultDto })
  @ApiProblems(400, 401)
  checkBatch(@CurrentPrincipal() principal: Principal, @Body() body: BatchNominationCheckDto, @Req() request: Request) {
    return this.checks.checkBatch(principal, body.nominations, languageOf(request));
  }

  @Post('batch/nominations')
  @HttpCode(200)
  @Idempotent()
  @ApiTags('batch')
  @ApiOperation({ summary: 'Nominate many officials in one request (one case each). Checked whole first: by default one refusal refuses the batch.' })
  @ApiOkResponse({ type: BatchResultDto })
  @ApiProblems(400, 401, 422, 503)
  proposeBatch(@CurrentPrincipal() principal: Principal, @Body() body: BatchNominationDto, @Req() request: IdempotentRequest) {
    return this.nominations.proposeBatch(principal, body.nominations, body.proceedWithoutRefused ?? false, languageOf(request), request.idempotencyKey);
  }

  @Post('batch/approve')
  @HttpCode(200)
  @Idempotent()
  @ApiTags('batch')
  @ApiOperation({ summary: 'Approve many cases at their current review step; each gets its own event. Checked whole first.' })
  @ApiOkResponse({ type: BatchResultDto })
  @ApiProblems(400, 401, 422, 503)
  approveBatch(@CurrentPrincipal() principal: Principal, @Body() body: BatchApproveDto, @Req() request: IdempotentRequest) {
    const payload: CommandPayloads['approve'] = body.comment === undefined ? {} : { comment: body.comment };
    return this.actions.actBatch(principal, 'approve', body.caseIds, payload, body.proceedWithoutRefused ?? false, languageOf(request), request.idempotencyKey);
  }

  @Post('batch/issue-decision')
  @HttpCode(200)
  @Idempotent()
  @ApiTags('batch')
  @ApiOperation({ summary: 'Record one decision (one number) for many cases; each gets its own DecisionIssued event. Checked whole first.' })
  @ApiOkResponse({ type: BatchResultDto })
  @ApiProblems(400, 401, 422, 503)
  issueDecisionBatch(@CurrentPrincipal() principal: Principal, @Body() body: BatchIssueDecisionDto, @Req() request: IdempotentRequest) {
    const { caseIds, proceedWithoutRefused, ...decision } = body;
    return this.actions.actBatch(principal, 'issueDecision', caseIds, withTerm(decision) as CommandPayloads['issueDecision'], proceedWithoutRefused ?? false, languageOf(request), request.idempotencyKey);
  }

  // ------------------------------------------------------------------------------------------
  // The lifecycle actions: one route each, every one a Workflow Update on the case.

  private act<T extends HumanCommandType>(principal: Principal, caseId: string, type: T, body: object, request: IdempotentRequest): Promise<CaseDetail> {
    return this.actions.act(principal, caseId, type, plain(body) as CommandPayloads[T], request.idempotencyKey);
  }

  @Post(actionPath('approve')) @HttpCode(200) @Idempotent() @ActionDocs('Approve at the current review step (department review, Home Affairs appraisal)')
  approve(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: CommentDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'approve', body, r);
  }

  @Post(actionPath('reject')) @HttpCode(200) @Idempotent() @ActionDocs('Reject the nomination (closes the case)')
  reject(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: ReasonDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'reject', body, r);
  }

  @Post(actionPath('returnForChanges')) @HttpCode(200) @Idempotent() @ActionDocs('Return the nomination to its proposer for changes')
  returnForChanges(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: ReasonDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'returnForChanges', body, r);
  }

  @Post(actionPath('resubmit')) @HttpCode(200) @Idempotent() @ActionDocs('Resubmit a returned nomination with changes')
  async resubmit(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: ResubmitDto, @Req() r: IdempotentRequest) {
    const { receivingUnitId, ...changes } = plain(body.changes);
    const payload: CommandPayloads['resubmit'] = { changes: changes as CommandPayloads['resubmit']['changes'] };
    if (receivingUnitId !== undefined) {
      const unit = await this.directory.unit(receivingUnitId);
      if (!unit) throw fieldsProblem([{ field: 'changes.receivingUnitId', rule: 'exists', message: `changes.receivingUnitId: there is no unit ${receivingUnitId}` }]);
      payload.changes.receivingUnit = unit;
    }
    if (changes.term) payload.changes.term = { months: changes.term.months, days: changes.term.days ?? 0 };
    if (body.comment !== undefined) payload.comment = body.comment;
    return this.actions.act(p, id, 'resubmit', payload, r.idempotencyKey);
  }

  @Post(actionPath('withdraw')) @HttpCode(200) @Idempotent() @ActionDocs('Withdraw the nomination (before posting; closes the case)')
  withdraw(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: ReasonDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'withdraw', body, r);
  }

  @Post(actionPath('recordPartyOpinion')) @HttpCode(200) @Idempotent() @ActionDocs("Record the Party standing committee's opinion (disagree closes the case)")
  recordPartyOpinion(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: PartyOpinionDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'recordPartyOpinion', body, r);
  }

  @Post(actionPath('issueDecision')) @HttpCode(200) @Idempotent() @ActionDocs('Record the signed decision (number, date, signer, effective date, dossier)')
  issueDecision(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: IssueDecisionDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'issueDecision', withTerm(body), r);
  }

  @Post(actionPath('correctDecision')) @HttpCode(200) @Idempotent() @ActionDocs('Correct the decision by a correcting document')
  correctDecision(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: CorrectDecisionDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'correctDecision', { ...plain(body), changes: withTerm(plain(body.changes)) }, r);
  }

  @Post(actionPath('revokeDecision')) @HttpCode(200) @Idempotent() @ActionDocs('Revoke the decision before the term starts (closes the case)')
  revokeDecision(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: DocumentRefDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'revokeDecision', body, r);
  }

  @Post(actionPath('confirmArrival')) @HttpCode(200) @Idempotent() @ActionDocs('The receiving unit confirms the official arrived')
  confirmArrival(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: ConfirmArrivalDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'confirmArrival', body, r);
  }

  @Post(actionPath('recordEvaluation')) @HttpCode(200) @Idempotent() @ActionDocs("The receiving unit evaluates the official's work")
  recordEvaluation(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: EvaluationDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'recordEvaluation', body, r);
  }

  @Post(actionPath('submitReport')) @HttpCode(200) @Idempotent() @ActionDocs('The official reports on their work')
  submitReport(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: ReportDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'submitReport', body, r);
  }

  @Post(actionPath('extend')) @HttpCode(200) @Idempotent() @ActionDocs('Extend the term (within the legal cap)')
  extend(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: ExtendDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'extend', { ...plain(body), by: { months: body.by.months, days: body.by.days ?? 0 } }, r);
  }

  @Post(actionPath('recallEarly')) @HttpCode(200) @Idempotent() @ActionDocs('Recall the official before the term ends')
  recallEarly(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: RecallEarlyDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'recallEarly', body, r);
  }

  @Post(actionPath('decideEnd')) @HttpCode(200) @Idempotent() @ActionDocs('Decide that the term ends on its last day')
  decideEnd(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: DecideEndDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'decideEnd', body, r);
  }

  @Post(actionPath('confirmReturn')) @HttpCode(200) @Idempotent() @ActionDocs('Record the return to the sending unit (closes the case)')
  confirmReturn(@CurrentPrincipal() p: Principal, @Param('caseId') id: string, @Body() body: ConfirmReturnDto, @Req() r: IdempotentRequest) {
    return this.act(p, id, 'confirmReturn', body, r);
  }
}

function ActionDocs(summary: string) {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    ApiOperation({ summary: `${summary}. Returns the case once the event is stored.` })(target, key, descriptor);
    ApiParam({ name: 'caseId', example: 'HS-2026-7Q2M4K9D' })(target, key, descriptor);
    ApiOkResponse({ type: CaseDetailDto })(target, key, descriptor);
    ApiProblems(400, 401, 403, 404, 409, 422, 503)(target, key, descriptor);
  };
}

/** A validated DTO as the plain JSON the workflow carries (no class instances, no undefined keys). */
function plain<T extends object>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}

/** A term without days means whole months. */
function withTerm<T extends { term?: { months: number; days?: number } }>(body: T): T {
  const copy = plain(body);
  if (copy.term) copy.term = { months: copy.term.months, days: copy.term.days ?? 0 };
  return copy;
}
