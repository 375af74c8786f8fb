/**
 * My inbox: the cases waiting for something the signed-in person may do, the nearest deadline
 * first, overdue ones marked. Approve in one click; reject or return for changes in two (a reason
 * in a small dialog); approve many at once; every other action opens the case with its form.
 * A filter that ignores missing diacritics, and the list exported through the API.
 */
import { Button, Loading, Page, ProblemMessage } from '../components/ui';
import { useExport } from '../components/export';
import { useT } from '../i18n';
import { Link, setQuery } from '../router';
import { useSession } from '../session';
import { InboxNotices } from './inbox/inbox-notices';
import { InboxTable } from './inbox/inbox-table';
import { InboxToolbar } from './inbox/inbox-toolbar';
import { isLate } from './inbox/items';
import { QuickActionDialog } from './inbox/quick-action-dialog';
import { S } from './inbox/strings';
import { useInbox } from './inbox/use-inbox';
import './inbox.css';

export default function InboxScreen() {
  const t = useT();
  const { me } = useSession();
  const state = useInbox();
  const { inbox, q, items, shown } = state;
  const late = items.filter(isLate).length;
  const exporter = useExport('/inbox/export');
  const staff = me && me.role !== 'official';

  return (
    <Page
      title={t(S.title)}
      actions={exporter.buttons}
    >
      {exporter.problem}
      <InboxNotices inbox={state} />

      {inbox.loading ? <Loading /> : null}
      {inbox.error && !inbox.data ? <ProblemMessage error={inbox.error} onRetry={() => void inbox.reload()} /> : null}

      {inbox.data && items.length === 0 ? (
        <div class="card inbox-empty">
          <p class="inbox-empty-title">{t(S.emptyTitle)}</p>
          <p class="empty">{t(S.emptyText)}</p>
          {staff ? (
            <p>
              <Link href="/pipeline">{t(S.emptyPipeline)}</Link>
            </p>
          ) : null}
        </div>
      ) : null}

      {items.length > 0 ? (
        <>
          <p class="inbox-summary">
            <strong>{t(S.summary, { n: items.length })}</strong>
            {late ? <span class="inbox-due-late">{t(S.summaryOverdue, { n: late })}</span> : null}
          </p>
          <InboxToolbar inbox={state} />
          {q ? (
            <p class="hint" aria-live="polite">
              {t(S.shown, { shown: shown.length, total: items.length })}
            </p>
          ) : null}
          {shown.length === 0 ? (
            <div class="card inbox-empty">
              <p>{t(S.noMatch, { q })}</p>
              <Button variant="link" onClick={() => setQuery({ q: null })}>
                {t(S.clearFilter)}
              </Button>
            </div>
          ) : (
            <InboxTable inbox={state} />
          )}
        </>
      ) : null}

      <QuickActionDialog inbox={state} />
    </Page>
  );
}
