/**
 * Two quicker ways to fill in a batch's rows: paste them from a spreadsheet, or choose several
 * officials of the sending unit for one commune.
 */
import { useId, useMemo, useState } from 'preact/hooks';
import { withQuery } from '../../api';
import { useResource } from '../../data';
import { formatDate, today } from '../../format';
import { useT } from '../../i18n';
import { addDays } from '@app/domain/calendar';
import type { RegistryOfficialPage } from '../../types';
import { CommunePicker, useDebounced } from '../official-picker';
import { Button, DateInput, Field } from '../ui';
import { newRow, type Row } from './rows';
import { S } from './strings';
import type { BatchNominationState } from './use-batch-nomination';
import { MAX_LENGTH } from '@app/domain/limits';

export function BatchTools({ batch }: { batch: BatchNominationState }) {
  const t = useT();
  return (
    <div class="batch-tools">
      <details>
        <summary>{t(S.paste)}</summary>
        <Field label={t(S.pasteLabel)} hint={t(S.pasteHint)}>
          {(props) => <textarea {...props} rows={5} value={batch.pasteText} onInput={(event) => batch.setPasteText(event.currentTarget.value)} />}
        </Field>
        <Button onClick={batch.addPasted} disabled={!batch.pasteText.trim()}>
          {t(S.pasteAdd)}
        </Button>
        <span class="row-note" role="status">
          {' '}
          {batch.pasteNote}
        </span>
      </details>
      <SeveralForOneCommune unitId={batch.sendingUnitId} onAdd={batch.addRows} />
    </div>
  );
}

/** Several officials of the sending unit, one commune, position, start and reason: a row each. */
function SeveralForOneCommune({ unitId, onAdd }: { unitId: string | null; onAdd: (rows: Row[]) => void }) {
  const t = useT();
  const [communeId, setCommuneId] = useState<string | null>(null);
  const [position, setPosition] = useState('');
  const [start, setStart] = useState<string | null>(() => addDays(today(), 30));
  const [reason, setReason] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const q = useDebounced(query.trim(), 250);
  const { data } = useResource<RegistryOfficialPage>(unitId ? withQuery('/registry/officials', { unitId, q: q || undefined, pageSize: 50 }) : null);
  const listId = useId();
  const items = useMemo(() => data?.items ?? [], [data]);
  const add = () => {
    onAdd(
      [...chosen].map(([id, name]) => ({
        ...newRow(),
        officialId: id,
        officialName: name,
        communeId,
        position,
        startText: start ? formatDate(start) : '',
        reason,
      })),
    );
    setChosen(new Map());
  };
  return (
    <details>
      <summary>{t(S.several)}</summary>
      {!unitId ? <p class="hint">{t(S.severalNone)}</p> : null}
      <CommunePicker label={t(S.severalCommune)} value={communeId} onChange={setCommuneId} />
      <Field label={t(S.position)}>{(props) => <input {...props} type="text" maxLength={MAX_LENGTH.position} value={position} onInput={(event) => setPosition(event.currentTarget.value)} />}</Field>
      <DateInput label={t(S.start)} value={start} onValue={setStart} />
      <Field label={t(S.reason)}>{(props) => <textarea {...props} rows={2} maxLength={MAX_LENGTH.text} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}</Field>
      <Field label={t(S.severalSearch)}>
        {(props) => <input {...props} type="search" aria-controls={listId} value={query} disabled={!unitId} onInput={(event) => setQuery(event.currentTarget.value)} />}
      </Field>
      <ul class="pick-list" id={listId} aria-label={t(S.severalSearch)}>
        {items.map((official) => (
          <li key={official.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.has(official.id)}
                onChange={(event) => {
                  const next = new Map(chosen);
                  if (event.currentTarget.checked) next.set(official.id, official.name);
                  else next.delete(official.id);
                  setChosen(next);
                }}
              />
              <span>
                {official.name}
                <small>
                  {official.id}
                  {official.title ? ` · ${official.title}` : ''}
                  {official.onCase ? ` · ${official.onCase}` : ''}
                </small>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <p class="row-note" role="status">
        {t(S.severalChosen, { n: chosen.size })}
      </p>
      <Button onClick={add} disabled={chosen.size === 0}>
        {t(S.severalAdd, { n: chosen.size })}
      </Button>
    </details>
  );
}
