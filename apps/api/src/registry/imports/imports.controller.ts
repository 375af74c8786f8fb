import 'multer';
import { Controller, Get, HttpCode, HttpStatus, Logger, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { readDocumentMaxBytes } from '@app/config';
import { RegistryImportRepository } from '@app/persistence';
import { ImportFileError, ImportRefusedError, REGISTRY_COLUMNS, type ImportReport } from '@app/registry';
import { XLSX_MEDIA_TYPE } from '@app/spreadsheets';
import type { Response } from 'express';
import type { Principal } from '../../auth/principal';
import { RequireRoles } from '../../auth/roles.guard';
import { CurrentPrincipal } from '../../auth/auth.guard';
import { ApiProblems } from '../../common/api-problems';
import { fieldsProblem, problem, type ProblemException } from '../../common/problem-details';
import { ImportQuery, ImportReportDto, RegistryExportQuery, RegistryKindParam } from './imports.dto';

/** Read once at start-up: multer's limit is fixed when the route is built. */
const MAX_BYTES = readDocumentMaxBytes();

/** A progress line every this many rows checked (and after every batch written). */
const PROGRESS_EVERY = 1_000;

const FILE_TITLES: Record<number, { vi: string; en: string }> = {
  400: { vi: 'Tệp không đọc được', en: 'The file cannot be read' },
  413: { vi: 'Tệp quá lớn', en: 'The file is too large' },
  415: { vi: 'Tệp không đúng định dạng hoặc bảng mã', en: 'Unsupported file format or encoding' },
};

const COLUMNS_DESCRIPTION = (['units', 'officials', 'quotas'] as const)
  .map((kind) => `${kind}: ${REGISTRY_COLUMNS[kind].map((c) => `${c.key} («${c.vi}»)${c.required ? ' *' : ''}`).join(', ')}`)
  .join('; ');

/**
 * Imports and exports of the registry (units, officials, quotas) as CSV or Excel .xlsx, for the
 * Home Affairs office: a dry run reports every bad row; a commit writes all rows or none, and a
 * second import of the same file changes nothing.
 */
@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry')
export class RegistryImportsController {
  private readonly logger = new Logger('RegistryImports');

  constructor(private readonly imports: RegistryImportRepository) {}

  @Post('imports/:kind')
  @HttpCode(200)
  @RequireRoles('home_affairs_officer')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_BYTES, files: 1 } }))
  @ApiOperation({
    summary: 'Import units, officials or quotas from CSV or .xlsx: a dry run reports every bad row, a commit writes all rows or none (Home Affairs officers)',
    description:
      'Rows are upserted by id (quotas by unitId + fieldId); rows the registry already holds exactly are not written, so importing the same file again changes nothing. ' +
      'Nothing is deleted. Headers in English or Vietnamese, without regard to case or diacritics (* required): ' +
      `${COLUMNS_DESCRIPTION}. A column the file leaves out keeps the registry's value. ` +
      'Values: category department|agency|commune|ward|special_zone (or Sở, Ban ngành, Xã, Phường, Đặc khu); employment civil_servant|public_employee (or Công chức, Viên chức); ' +
      'gender female|male (or Nữ, Nam); flags true/false, có/không, 1/0 (blank is false); dates YYYY-MM-DD or dd/mm/yyyy. ' +
      'CSV: UTF-8 with or without a byte-order mark (or UTF-16 with one), comma, semicolon or tab separated. Text is normalised to Unicode NFC. ' +
      'A file in TCVN3 (ABC), VNI or Windows-1258 is refused (415, naming the encoding); a cell of TCVN3 or VNI text read through a Windows code page is a row error legacy_encoding.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'A .csv or .xlsx file' } } } })
  @ApiOkResponse({ type: ImportReportDto, description: 'The report: of a dry run (nothing written, errors or not), or of a commit that wrote every row' })
  @ApiExtraModels(ImportReportDto)
  @ApiResponse({
    status: 422,
    description: 'A commit with a bad row: nothing was written; the problem carries the whole report (rows, valid, errors, changes) beside rule invalid_rows',
    content: { 'application/problem+json': { schema: { allOf: [{ $ref: getSchemaPath(ImportReportDto) }, { properties: { type: { type: 'string', example: '/problems/import-refused' }, rule: { type: 'string', example: 'invalid_rows' } } }] } } },
  })
  @ApiProblems(400, 401, 403, 413, 415)
  async import(
    @CurrentPrincipal() principal: Principal,
    @Param() params: RegistryKindParam,
    @Query() query: ImportQuery,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<ImportReport> {
    if (!file || file.size === 0) throw fieldsProblem([{ field: 'file', rule: 'required', message: 'file: a non-empty .csv or .xlsx file is required (multipart field "file")' }]);
    const dryRun = query.dryRun ?? false;
    const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8').normalize('NFC');
    let report: ImportReport;
    try {
      report = await this.imports.importFile(
        params.kind,
        { bytes: file.buffer, fileName, mediaType: file.mimetype },
        {
          dryRun,
          progressEvery: PROGRESS_EVERY,
          onProgress: (progress) => this.logger.log({ msg: 'registry import progress', by: principal.account.id, fileName, dryRun, ...progress }),
        },
      );
    } catch (error) {
      throw this.refusal(error);
    }
    this.logger.log({
      msg: dryRun ? 'registry import checked' : 'registry import committed',
      by: principal.account.id,
      kind: params.kind,
      fileName,
      rows: report.rows,
      errors: report.errorCount,
      changes: report.changes,
      durationMs: report.durationMs,
    });
    return report;
  }

  @Get('exports/:kind')
  @RequireRoles('home_affairs_officer', 'auditor')
  @ApiOperation({
    summary: 'Export units, officials or quotas as CSV (UTF-8 with a byte-order mark, CRLF) or .xlsx, in the shape the import reads back (Home Affairs officers and auditors)',
    description: 'Vietnamese headers and values by default (?headers=en for English). An export imported again (dry run) reports every row unchanged.',
  })
  @ApiProduces('text/csv', XLSX_MEDIA_TYPE)
  @ApiOkResponse({ description: 'The file', content: { 'text/csv': { schema: { type: 'string' } }, [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(400, 401, 403)
  async export(
    @CurrentPrincipal() principal: Principal,
    @Param() params: RegistryKindParam,
    @Query() query: RegistryExportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.imports.exportFile(params.kind, query.format ?? 'csv', query.headers ?? 'vi');
    // Officials' exports carry personal data (birth dates, gender): who took which is logged.
    this.logger.log({ msg: 'registry export', by: principal.account.id, kind: params.kind, format: query.format ?? 'csv', rows: file.rows });
    response.setHeader('Content-Type', file.mediaType);
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body);
  }

  private refusal(error: unknown): unknown {
    if (error instanceof ImportFileError) {
      return problem(error.status, error.slug, FILE_TITLES[error.status] ?? FILE_TITLES[400], error.messages, { rule: error.rule, field: 'file', ...error.extensions });
    }
    if (error instanceof ImportRefusedError) return importRefused(error.report);
    return error;
  }
}

function importRefused(report: ImportReport): ProblemException {
  return problem(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'import-refused',
    { vi: 'Tệp nhập có dòng không hợp lệ', en: 'The file has invalid rows' },
    {
      vi: `${report.errorCount} lỗi trong ${report.rows} dòng; không dòng nào được ghi. Sửa các dòng được nêu rồi nhập lại (thử trước với dryRun=true).`,
      en: `${report.errorCount} errors in ${report.rows} rows; nothing was written. Fix the rows listed and import again (try dryRun=true first).`,
    },
    { rule: 'invalid_rows', ...report },
  );
}
