import type { CaseScope } from '../cases/case-queries';
import type { DataSource } from 'typeorm';

export interface StoredDocument {
  sha256: string;
  mediaType: string;
  sizeBytes: number;
}

export interface DocumentUpload extends StoredDocument {
  documentId: string;
  fileName: string;
  kind: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** Uploaded documents, stored once by SHA-256 of their content; every upload is recorded. */
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async store(input: { sha256: string; mediaType: string; content: Buffer; fileName: string; kind: string; uploadedBy: string }): Promise<DocumentUpload> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO secondment.document (sha256, media_type, size_bytes, content) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
        [input.sha256, input.mediaType, input.content.length, input.content],
      );
      const [row] = await manager.query<DocumentUpload[]>(
        `INSERT INTO secondment.document_upload (sha256, file_name, kind, uploaded_by) VALUES ($1, $2, $3, $4)
         RETURNING 'sha256:' || sha256 AS "documentId", sha256, file_name AS "fileName", kind, uploaded_by AS "uploadedBy",
                   to_char(uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "uploadedAt"`,
        [input.sha256, input.fileName, input.kind, input.uploadedBy],
      );
      return { ...row, mediaType: input.mediaType, sizeBytes: input.content.length };
    });
  }

  async metadata(sha256: string): Promise<(StoredDocument & { kinds: string[] }) | null> {
    const [row] = await this.dataSource.query<(StoredDocument & { kinds: string[] })[]>(
      `SELECT d.sha256, d.media_type AS "mediaType", d.size_bytes AS "sizeBytes",
              coalesce((SELECT array_agg(DISTINCT u.kind) FROM secondment.document_upload u WHERE u.sha256 = d.sha256), '{}') AS kinds
         FROM secondment.document d WHERE d.sha256 = $1`,
      [sha256],
    );
    return row ?? null;
  }

  /**
   * Logs a read of a health document (personal data): one row per official whose case attaches it,
   * or one naming the document when no case does yet.
   */
  async logHealthRead(sha256: string, readBy: string): Promise<void> {
    await this.dataSource.query(
      `WITH officials AS (
         SELECT DISTINCT official_id FROM secondment.case_summary
          WHERE state -> 'decision' -> 'attachments' @> jsonb_build_array(jsonb_build_object('documentId', $1::text)))
       INSERT INTO secondment.personal_data_read (official_id, document_id, read_by, purpose)
       SELECT official_id, $1, $2, 'health document read' FROM officials
       UNION ALL
       SELECT NULL, $1, $2, 'health document read' WHERE NOT EXISTS (SELECT 1 FROM officials)`,
      [`sha256:${sha256}`, readBy],
    );
  }

  async content(sha256: string): Promise<Buffer | null> {
    const [row] = await this.dataSource.query<{ content: Buffer }[]>(`SELECT content FROM secondment.document WHERE sha256 = $1`, [sha256]);
    return row?.content ?? null;
  }

  async uploadedBy(sha256: string, userId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ ok: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM secondment.document_upload WHERE sha256 = $1 AND uploaded_by = $2) AS ok`, [sha256, userId]);
    return row.ok;
  }

  /**
   * May this caller read the document: they uploaded it, or a case in their scope names it among
   * its decision's attachments.
   */
  async readableBy(sha256: string, userId: string, scope: CaseScope): Promise<boolean> {
    const documentId = `sha256:${sha256}`;
    const [row] = await this.dataSource.query<{ ok: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM secondment.document_upload WHERE sha256 = $1 AND uploaded_by = $2)
           OR EXISTS (SELECT 1 FROM secondment.case_summary
                       WHERE state -> 'decision' -> 'attachments' @> jsonb_build_array(jsonb_build_object('documentId', $3::text))
                         AND ($4::boolean OR sending_unit_id = ANY($5::text[]) OR receiving_unit_id = ANY($5::text[]) OR official_id = ANY($6::text[]))) AS ok`,
      [sha256, userId, documentId, scope.all, scope.all ? [] : scope.unitIds, scope.all ? [] : scope.personIds],
    );
    return row.ok;
  }
}
