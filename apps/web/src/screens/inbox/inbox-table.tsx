/** The inbox's table: a row per case with its step, units, deadline and what may be done, quick acts first. */
import { ACTION_LABELS, capitalised } from '@app/domain/labels';
import { Button, FormName, OverdueBadge, StageBadge } from '../../components/ui';
import { formatDate } from '../../format';
import { useT } from '../../i18n';
import { Link } from '../../router';
import type { InboxItem } from '../../types';
import { QUICK, dueOf, dueText, isLate } from './items';
import { S } from './strings';
import type { InboxState } from './use-inbox';

/** When the case is due, how far off that is, and the overdue mark. */
function DueCell({ item }: { item: InboxItem }) {
  const t = useT();
  const due = dueOf(item);
  return (
    <td class="inbox-due" data-label={t(S.colDue)}>
      <span>
        {due ? (
          <>
            {formatDate(due)}
            <span class={`inbox-due-text${isLate(item) ? ' inbox-due-late' : ''}`}>
              {!item.stageDeadline ? `${t(S.termEnds)}, ` : ''}
              {dueText(t, due)}
            </span>
          </>
        ) : (
          <span class="inbox-due-text">{t(S.noDeadline)}</span>
        )}
        {isLate(item) ? <OverdueBadge /> : null}
      </span>
    </td>
  );
}

/** The acts done from the list (approve in one click; reject or return through a dialog), then links to the case's forms. */
function ActionsCell({ inbox, item }: { inbox: InboxState; item: InboxItem }) {
  const t = useT();
  const { busy } = inbox;
  const quick = QUICK.filter((action) => item.actions.some((a) => a.action === action));
  const others = item.actions.filter((a) => !QUICK.includes(a.action));
  const deputies = [...new Set(item.actions.map((a) => a.onBehalfOf?.name).filter((name): name is string => Boolean(name)))];
  const rowBusy = busy === item.caseId || busy === 'batch';
  return (
    <td class="inbox-actions" data-label={t(S.colActions)}>
      <div class="inbox-actions-list">
        {quick.map((action) => {
          const label = capitalised(t(ACTION_LABELS[action]));
          // The visible name first, then which case (for a screen reader's list of buttons).
          const which = <span class="visually-hidden">{t(S.actOn, { id: item.caseId, name: item.officialName })}</span>;
          return action === 'approve' ? (
            <Button key={action} variant="primary" busy={busy === item.caseId} disabled={rowBusy} onClick={() => void inbox.approve(item)}>
              {label}
              {which}
            </Button>
          ) : (
            <Button key={action} variant={action === 'reject' ? 'danger' : 'secondary'} disabled={rowBusy} onClick={() => inbox.setDialog({ item, action: action === 'reject' ? 'reject' : 'returnForChanges' })}>
              {label}
              {which}
            </Button>
          );
        })}
        {others.map((offer) => (
          <Link key={offer.action} class="inbox-open" href={`/cases/${encodeURIComponent(item.caseId)}?action=${offer.action}`}>
            {capitalised(t(ACTION_LABELS[offer.action]))}
            <span class="visually-hidden">{t(S.openLabel, { id: item.caseId, name: item.officialName })}</span>
            <span aria-hidden="true"> →</span>
          </Link>
        ))}
      </div>
      {deputies.length ? <span class="inbox-deputy">{t(S.deputy, { name: deputies.join(', ') })}</span> : null}
    </td>
  );
}

function InboxRow({ inbox, item }: { inbox: InboxState; item: InboxItem }) {
  const t = useT();
  const canApprove = item.actions.some((a) => a.action === 'approve');
  return (
    <tr class={isLate(item) ? 'overdue' : undefined} data-case-id={item.caseId}>
      <td class="inbox-select-cell" data-label={t(S.colSelect)}>
        {canApprove ? (
          <label class="inbox-select">
            <input type="checkbox" checked={inbox.selected.has(item.caseId)} aria-label={t(S.selectOne, { id: item.caseId, name: item.officialName })} onChange={(event) => inbox.toggle(item.caseId, event.currentTarget.checked)} />
          </label>
        ) : null}
      </td>
      <td class="inbox-case" data-label={t(S.colCase)}>
        <span>
          <span class="inbox-official">{item.officialName}</span>
          <Link href={`/cases/${encodeURIComponent(item.caseId)}`}>{item.caseId}</Link>
        </span>
      </td>
      <td data-label={t(S.colStage)}>
        <span>
          <span class="inbox-sub">
            <FormName form={item.form} />
          </span>
          <StageBadge stage={item.stage} outcome={item.outcome} />
        </span>
      </td>
      <td data-label={t(S.colUnits)}>
        <span>
          {item.sendingUnitName} → {item.receivingUnitName}
          <span class="inbox-sub">{item.position}</span>
        </span>
      </td>
      <DueCell item={item} />
      <ActionsCell inbox={inbox} item={item} />
    </tr>
  );
}

export function InboxTable({ inbox }: { inbox: InboxState }) {
  const t = useT();
  return (
    <div class="table-wrap">
      <table class="cards inbox-table">
        <caption class="visually-hidden">{t(S.title)}</caption>
        <thead>
          <tr>
            <th scope="col" class="inbox-select-col">
              <span class="visually-hidden">{t(S.colSelect)}</span>
            </th>
            <th scope="col">{t(S.colCase)}</th>
            <th scope="col">{t(S.colStage)}</th>
            <th scope="col">{t(S.colUnits)}</th>
            <th scope="col">{t(S.colDue)}</th>
            <th scope="col">{t(S.colActions)}</th>
          </tr>
        </thead>
        <tbody>
          {inbox.shown.map((item) => (
            <InboxRow key={item.caseId} inbox={inbox} item={item} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
