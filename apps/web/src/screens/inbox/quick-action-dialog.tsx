/** A reject or a return for changes from the inbox: the case in a line, then the action's form (its reason). */
import { ACTION_LABELS, capitalised } from '@app/domain/labels';
import { ActionForm } from '../../components/action-form';
import { ACTION_FORMS } from '../../components/case-actions-table';
import { Dialog } from '../../components/ui';
import { useT } from '../../i18n';
import { S } from './strings';
import type { InboxState } from './use-inbox';

export function QuickActionDialog({ inbox }: { inbox: InboxState }) {
  const t = useT();
  const { dialog, setDialog } = inbox;
  return (
    <Dialog
      open={dialog !== null}
      title={dialog ? `${capitalised(t(ACTION_LABELS[dialog.action]))}: ${dialog.item.officialName}` : ''}
      onClose={() => setDialog(null)}
    >
      {dialog ? (
        <>
          <p class="inbox-dialog-case">{t(S.dialogCase, { id: dialog.item.caseId, name: dialog.item.officialName, from: dialog.item.sendingUnitName, to: dialog.item.receivingUnitName })}</p>
          <ActionForm
            key={`${dialog.item.caseId}:${dialog.action}`}
            action={dialog.action}
            spec={ACTION_FORMS[dialog.action]}
            summary={dialog.item}
            state={null}
            onBehalfOf={dialog.item.actions.find((a) => a.action === dialog.action)?.onBehalfOf}
            onCancel={() => setDialog(null)}
            onDone={(result) => {
              const { item, action } = dialog;
              setDialog(null);
              inbox.announce(item, action, result);
            }}
          />
        </>
      ) : null}
    </Dialog>
  );
}
