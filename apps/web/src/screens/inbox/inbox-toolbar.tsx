/** Above the inbox's table: the filter, and the selection of every approvable case with the batch approval. */
import { Button, Field } from '../../components/ui';
import { useT } from '../../i18n';
import { setQuery } from '../../router';
import { S } from './strings';
import type { InboxState } from './use-inbox';

export function InboxToolbar({ inbox }: { inbox: InboxState }) {
  const t = useT();
  const { q, approvable, chosen, busy } = inbox;
  const allChosen = approvable.length > 0 && chosen.length === approvable.length;
  return (
    <div class="inbox-toolbar">
      <Field label={t(S.filter)} hint={t(S.filterHint)}>
        {(props) => <input {...props} type="search" value={q} autoComplete="off" onInput={(event) => setQuery({ q: event.currentTarget.value })} />}
      </Field>
      {approvable.length > 0 ? (
        <div class="inbox-batch">
          <label class="inbox-check">
            <input type="checkbox" checked={allChosen} onChange={(event) => inbox.toggleAll(approvable, event.currentTarget.checked)} />
            {t(S.selectAll, { n: approvable.length })}
          </label>
          <Button variant="primary" disabled={chosen.length === 0 || busy !== null} busy={busy === 'batch'} onClick={() => void inbox.approveBatch()}>
            {t(S.batchApprove, { n: chosen.length })}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
