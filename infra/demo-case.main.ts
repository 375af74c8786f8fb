import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { DEFAULT_PORTS, readTemporalConfig } from '@app/config';
import { localDateOf, type Actor, type Attachment, type HumanCommandType, type CommandPayloads } from '@app/domain';
import { createLogger } from '@app/logging';
import { CaseStore, createDataSource, ProvinceRulesRepository } from '@app/persistence';
import { CaseClient, closeConnection, connectClient } from '@app/temporal';
import { caseWorkflowId } from '@app/workflows/case.contracts';
import { openProjectDatabase } from './project-database';

const department = { id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department' } as const;
const commune = { id: 'phuong-hai-chau', name: 'Phường Hải Châu', kind: 'commune' } as const;
const people: Record<string, Actor> = {
  hr: { id: 'demo-hr', name: 'Trần Thị Bình', role: 'hr_officer', unitId: department.id },
  head: { id: 'demo-head', name: 'Lê Văn Cường', role: 'department_head', unitId: department.id },
  homeAffairs: { id: 'demo-snv', name: 'Huỳnh Thị Giang', role: 'home_affairs_officer' },
  party: { id: 'demo-vptu', name: 'Bùi Văn Khánh', role: 'party_secretariat' },
  communeLeader: { id: 'demo-ct-xa', name: 'Đặng Thị Lan', role: 'commune_leader', unitId: commune.id },
};
const dossier: Attachment[] = [
  { kind: 'units_agreement', documentId: 'demo-agreement', name: 'Văn bản thống nhất giữa hai cơ quan' },
  { kind: 'meeting_record', documentId: 'demo-meeting', name: 'Biên bản gặp công chức' },
];

/**
 * `npm run demo:case` (with `npm start` running): one secondment walked from nomination to the start
 * of its term by the people who decide each step, through the real workflow; then its timeline from
 * PostgreSQL and where to see it in the Temporal Web UI. Until the API lands, this is how to watch
 * the lifecycle run.
 */
async function main(): Promise<void> {
  const log = createLogger('demo');
  const temporal = readTemporalConfig();
  const database = await openProjectDatabase(process.env, log);
  const dataSource = createDataSource(database.url, 2);
  await dataSource.initialize();
  const client = await connectClient(temporal);
  try {
    const rules = await new ProvinceRulesRepository(dataSource).current();
    const cases = new CaseClient(new Client({ connection: client, namespace: temporal.namespace }), temporal.taskQueue);
    const caseId = `bp-demo-${randomBytes(3).toString('hex')}`;
    const today = localDateOf(Date.now());
    let step = 0;
    const act = <T extends HumanCommandType>(type: T, actor: Actor, payload: CommandPayloads[T]) =>
      cases.act(caseId, type, { requestId: `${caseId}:${(step += 1)}`, actor, payload });

    await cases.propose(
      caseId,
      {
        requestId: `${caseId}:propose`,
        actor: people.hr,
        form: 'secondment',
        official: { id: `cc-${caseId}`, name: 'Nguyễn Văn An', title: 'Chuyên viên' },
        sendingUnit: department,
        receivingUnit: commune,
        position: 'Kế toán ngân sách',
        plannedStart: today,
        reason: 'Phường thiếu công chức tài chính – kế toán sau sắp xếp đơn vị hành chính',
      },
      rules,
    );
    await act('approve', people.head, { comment: 'Đã gặp và trao đổi với công chức; đồng ý cử' });
    await act('approve', people.homeAffairs, { comment: 'Đủ tiêu chuẩn, trong tỷ lệ biệt phái của Sở' });
    const afterParty = await act('recordPartyOpinion', people.party, { documentNumber: '512-CV/TU', documentDate: today, opinion: 'agree' });
    if (afterParty.state.stage === 'awaiting_decision') {
      await act('issueDecision', people.homeAffairs, {
        decisionNumber: `${randomBytes(2).readUInt16BE() % 9000 + 1000}/QĐ-UBND`,
        decisionDate: today,
        signer: { name: 'Chủ tịch UBND tỉnh', title: 'Chủ tịch' },
        effectiveDate: today,
        attachments: dossier,
      });
    }
    await act('confirmArrival', people.communeLeader, { arrivedOn: today, assignedWork: 'Phụ trách kế toán ngân sách phường' });
    const view = await cases.read(caseId);
    const timeline = await new CaseStore(dataSource).timeline(caseId);
    const ui = `http://127.0.0.1:${process.env.TEMPORAL_UI_PORT ?? DEFAULT_PORTS.temporalUi}/namespaces/${temporal.namespace}/workflows/${encodeURIComponent(caseWorkflowId(caseId))}`;
    log.info('demo case walked to its term', {
      caseId,
      stage: view.state.stage,
      termEnd: view.state.termEnd,
      nextTimers: view.timers.slice(0, 3).map((t) => ({ key: t.key, at: new Date(t.at).toISOString() })),
      timeline: timeline.map((t) => `${t.version} ${t.type} — ${t.actor.name}${t.documentNumber ? ` (${t.documentNumber})` : ''}`),
      temporalUi: ui,
    });
  } finally {
    await closeConnection(client);
    await dataSource.destroy();
    await database.close();
  }
}

main().catch((error: unknown) => {
  createLogger('demo').fatal('demo failed', { err: error });
  process.exit(1);
});
