import { createHash } from 'node:crypto';
import 'multer';
import { Body, Controller, Get, HttpStatus, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { readDocumentMaxBytes } from '@app/config';
import { ATTACHMENT_KINDS, MAX_LENGTH } from '@app/domain';
import { DocumentsRepository } from '@app/persistence';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { readScopeOf, type Principal } from '../auth/principal';
import { CurrentPrincipal } from '../auth/auth.guard';
import { ApiProblems } from '../common/api-problems';
import { fieldsProblem, problem } from '../common/problem-details';
import { forbiddenProblem, notFoundProblem } from '../common/refusals';

export class UploadDocumentDto {
  @ApiProperty({ enum: ATTACHMENT_KINDS, example: 'units_agreement' }) @IsIn(ATTACHMENT_KINDS) kind!: string;
  @ApiProperty({ required: false, example: 'Văn bản thống nhất.pdf', description: "The document's name; by default the file's" })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;
}

export class DocumentDto {
  @ApiProperty({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'Use it in a decision\'s attachments' }) documentId!: string;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256!: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType!: string;
  @ApiProperty({ example: 182340 }) sizeBytes!: number;
  @ApiProperty({ example: 'Văn bản thống nhất.pdf' }) fileName!: string;
  @ApiProperty({ example: 'units_agreement' }) kind!: string;
  @ApiProperty({ example: 'hr.taichinh' }) uploadedBy!: string;
  @ApiProperty({ example: '2026-11-25T03:00:00.000Z' }) uploadedAt!: string;
}

/** The types a dossier may hold, recognised by their first bytes (never by the name or the declared type). */
const SIGNATURES: { mediaType: string; extension: string; magic: number[] }[] = [
  { mediaType: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mediaType: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
];

export function sniff(content: Buffer): (typeof SIGNATURES)[number] | undefined {
  return SIGNATURES.find((signature) => signature.magic.every((byte, i) => content[i] === byte));
}

const UPLOADERS: readonly string[] = ['hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader'];

/** Read once at start-up: multer's limit is fixed when the route is built. */
const MAX_BYTES = readDocumentMaxBytes();

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsRepository) {}

  @Post()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_BYTES, files: 1 } }))
  @ApiOperation({ summary: "Upload a dossier document (the units' agreement, the meeting record, the signed decision scan): PDF, JPEG or PNG, stored by content hash" })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: { file: { type: 'string', format: 'binary' }, kind: { type: 'string', enum: [...ATTACHMENT_KINDS] }, name: { type: 'string', maxLength: 300, example: 'Văn bản thống nhất.pdf' } },
    },
  })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiProblems(400, 401, 403, 413, 415)
  async upload(@CurrentPrincipal() principal: Principal, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: UploadDocumentDto): Promise<DocumentDto> {
    if (!UPLOADERS.includes(principal.account.role)) {
      throw forbiddenProblem('not_authorised', { vi: 'Tài khoản này không được tải lên hồ sơ.', en: 'This account may not upload documents.' });
    }
    if (!file || file.size === 0) throw fieldsProblem([{ field: 'file', rule: 'required', message: 'file: a non-empty file is required (multipart field "file")' }]);
    const type = sniff(file.buffer);
    if (!type) {
      throw problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-document',
        { vi: 'Loại tệp không được hỗ trợ', en: 'Unsupported document type' },
        { vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG.', en: 'Only PDF, JPEG or PNG documents are accepted.' },
        { field: 'file' },
      );
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const fileName = (body.name ?? Buffer.from(file.originalname, 'latin1').toString('utf8')).normalize('NFC').slice(0, MAX_LENGTH.documentName) || `document.${type.extension}`;
    return this.documents.store({ sha256, mediaType: type.mediaType, content: file.buffer, fileName, kind: body.kind, uploadedBy: principal.account.id });
  }

  @Get(':documentId')
  @ApiOperation({ summary: 'Download a document: for its uploader and those in scope of a case whose decision attaches it' })
  @ApiParam({ name: 'documentId', example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  @ApiOkResponse({
    description: 'The file, with the media type its content was recognised as on upload',
    content: Object.fromEntries(['application/pdf', 'image/jpeg', 'image/png'].map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiProblems(401, 403, 404)
  async download(@CurrentPrincipal() principal: Principal, @Param('documentId') documentId: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const sha256 = documentId.replace(/^sha256:/, '').toLowerCase();
    const metadata = /^[0-9a-f]{64}$/.test(sha256) ? await this.documents.metadata(sha256) : null;
    if (!metadata) throw notFoundProblem({ vi: 'tài liệu', en: 'document' }, documentId);
    if (!(await this.documents.readableBy(sha256, principal.account.id, readScopeOf(principal)))) {
      throw forbiddenProblem('out_of_scope', { vi: 'Tài liệu này không thuộc phạm vi của bạn.', en: 'This document is outside your scope.' });
    }
    if (metadata.kinds.includes('health_certificate')) {
      // Health data: only those who decide read it (and whoever uploaded it), and every read is logged.
      const decides = ['home_affairs_officer', 'department_head'].includes(principal.account.role);
      if (!decides && !(await this.documents.uploadedBy(sha256, principal.account.id))) {
        throw forbiddenProblem('not_authorised', {
          vi: 'Giấy chứng nhận sức khỏe là dữ liệu cá nhân nhạy cảm: chỉ người có thẩm quyền quyết định mới được xem.',
          en: 'A health certificate is sensitive personal data: only those who decide may read it.',
        });
      }
      await this.documents.logHealthRead(sha256, principal.account.id);
    }
    const content = (await this.documents.content(sha256))!;
    response.setHeader('Content-Type', metadata.mediaType);
    response.setHeader('Content-Disposition', `attachment; filename="${sha256.slice(0, 12)}.${sniff(content)?.extension ?? 'bin'}"`);
    response.setHeader('ETag', `"${sha256}"`);
    return new StreamableFile(content);
  }
}
