/** What the last act in the inbox did: a notice (focused, so it is read out), or why it failed. */
import { useEffect, useRef } from 'preact/hooks';
import { STAGE_LABELS } from '@app/domain/labels';
import { ProblemMessage } from '../../components/ui';
import { useLanguage, useT } from '../../i18n';
import { S } from './strings';
import type { BatchOutcome, InboxState } from './use-inbox';

/** A batch approval's result: how many were approved, and each case's line. */
function BatchNotice({ batch, noticeRef }: { batch: BatchOutcome; noticeRef: { current: HTMLDivElement | null } }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <div class={`notice inbox-results${batch.result.refused ? ' inbox-result-failed' : ''}`} tabIndex={-1} ref={noticeRef}>
      <p>
        <strong>{t(S.batchDone, { done: batch.result.done, total: batch.result.results.length })}</strong>
        {batch.result.refused ? ` ${t(S.batchRefused, { n: batch.result.refused })}` : ''}
      </p>
      <ul>
        {batch.result.results.map((r) => {
          const values = { id: r.caseId, name: batch.names[r.caseId] ?? '' };
          return (
            <li key={r.caseId} data-case-id={r.caseId} data-status={r.status}>
              {r.status === 'done'
                ? t(S.itemDone, { ...values, stage: r.stage ? t(STAGE_LABELS[r.stage]) : '' })
                : r.status === 'refused'
                  ? t(S.itemRefused, { ...values, why: r.problem?.messages?.[language] ?? r.problem?.detail ?? r.problem?.title ?? '' })
                  : t(S.itemSkipped, values)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function InboxNotices({ inbox }: { inbox: InboxState }) {
  const { outcome, batch } = inbox;
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome || batch) noticeRef.current?.focus();
  }, [outcome, batch]);
  return (
    <>
      <div class="notice-region" role="status" aria-live="polite">
        {outcome?.kind === 'done' ? (
          <div class="notice" tabIndex={-1} ref={noticeRef}>
            {outcome.text}
          </div>
        ) : null}
        {batch ? <BatchNotice batch={batch} noticeRef={noticeRef} /> : null}
      </div>
      {outcome?.kind === 'failed' ? (
        <div class="inbox-failure">
          <p>
            <strong>{outcome.text}</strong>
          </p>
          <ProblemMessage error={outcome.error} />
        </div>
      ) : null}
      <ProblemMessage error={inbox.batchError} />
    </>
  );
}
