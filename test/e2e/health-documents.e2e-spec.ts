import { pdf, useApiStack } from '../support/api-client';
import { nominate, uploadDocument, uploadDossier, walkCase } from '../support/case-walk';
import { queryRows } from '../support/database';

/**
 * A health certificate is sensitive personal data: only those who decide (Home Affairs, the head
 * of the sending department) and its uploader read it, and every read is logged with the official.
 */
describe('health documents through the HTTP API', () => {
  const { stack, api } = useApiStack('health-documents');
  const reads = (documentId: string) =>
    queryRows<{ official_id: string | null; read_by: string; purpose: string }>(
      stack.db.url,
      `SELECT official_id, read_by, purpose FROM secondment.personal_data_read WHERE document_id = $1 ORDER BY id`,
      [documentId],
    );

  it('its uploader reads it before any case attaches it, and the read is logged against the document', async () => {
    const certificate = await uploadDocument(api.as('hr.taichinh'), 'health_certificate', pdf('suc khoe 1'), 'giay-kham-suc-khoe.pdf');
    await api.as('hr.taichinh').get(`/documents/${certificate.documentId}`).expect(200);
    expect(await reads(certificate.documentId)).toEqual([{ official_id: null, read_by: 'hr.taichinh', purpose: 'health document read' }]);
  });

  it('once a decision attaches it, those who decide read it (logged against the official); others in scope are refused, and nothing is logged for them', async () => {
    const caseId = await nominate(api);
    const dossier = await uploadDossier(api.as('hr.taichinh'), caseId);
    const certificate = await uploadDocument(api.as('hr.taichinh'), 'health_certificate', pdf(`suc khoe ${caseId}`), 'giay-kham-suc-khoe.pdf');
    await walkCase(api, caseId, 'decision_issued', {
      attachments: [...dossier.attachments, { kind: 'health_certificate', documentId: certificate.documentId, name: 'Giấy chứng nhận sức khỏe' }],
    });
    const [{ official_id: officialId }] = await queryRows<{ official_id: string }>(stack.db.url, `SELECT official_id FROM secondment.case_summary WHERE case_id = $1`, [caseId]);

    await api.as('snv.thamdinh').get(`/documents/${certificate.documentId}`).expect(200);
    await api.as('gd.taichinh').get(`/documents/${certificate.documentId}`).expect(200);
    // The receiving commune sees the case, and the ordinary dossier, but not the official's health.
    await api.as('ct.cubao').get(`/documents/${dossier.agreement.documentId}`).expect(200);
    const refused = await api.as('ct.cubao').get(`/documents/${certificate.documentId}`).expect(403);
    expect(refused.body).toMatchObject({ type: '/problems/forbidden', rule: 'not_authorised' });

    expect(await reads(certificate.documentId)).toEqual([
      { official_id: officialId, read_by: 'snv.thamdinh', purpose: 'health document read' },
      { official_id: officialId, read_by: 'gd.taichinh', purpose: 'health document read' },
    ]);
    // The ordinary dossier is not personal data: its reads are not in this log.
    expect(await reads(dossier.agreement.documentId)).toEqual([]);
  });
});
