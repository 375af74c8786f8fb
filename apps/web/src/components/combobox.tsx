/**
 * A searchable list (ARIA 1.2 combobox): type part of a name, with or without diacritics ("Cu Bao"
 * finds "Xã Cư Bao"), pick with the arrow keys and Enter or with a click. Options are sorted the
 * Vietnamese way, or kept in the server's order when a server search ranks them (`onQuery`); the
 * label may be for screen readers only (a cell of a table whose column names it).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useResource } from '../data';
import { matchesSearch, sortVi } from '../format';
import { COMMON, useT } from '../i18n';
import type { Unit } from '../types';
import { Field } from './ui';

export interface ComboOption {
  value: string;
  label: string;
  /** A second line: the unit, the field… also searched. */
  hint?: string;
}

const MAX_SHOWN = 50;

const S = {
  results: { vi: '{n} kết quả', en: '{n} results' },
  noResult: { vi: 'Không tìm thấy', en: 'Nothing found' },
  searching: { vi: 'Đang tìm…', en: 'Searching…' },
};

export interface ComboboxProps {
  label: string;
  /** The label stays for screen readers only (a cell of a table whose column says it). */
  hideLabel?: boolean;
  hint?: string;
  error?: string | null;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  name?: string;
  options: readonly ComboOption[];
  value: string | null;
  /** Shown while the chosen option is not among `options` (a server search moved on). */
  valueLabel?: string;
  onChange: (value: string | null) => void;
  /** Each change of the typed text, for a server-side search. */
  onQuery?: (text: string) => void;
  /** The server is still searching. */
  busy?: boolean;
  /** Keep the server's order (its own ranking) instead of sorting the Vietnamese way. */
  keepOrder?: boolean;
}

/** The options as a listbox: the active one marked, a line when nothing matches, and "…" when more match than are shown. */
function ComboboxList({ id, label, hidden, shown, more, value, active, empty, onChoose }: { id: string; label: string; hidden: boolean; shown: ComboOption[]; more: boolean; value: string | null; active: number; empty: string | null; onChoose: (option: ComboOption) => void }) {
  return (
    <ul id={id} role="listbox" aria-label={label} class="combobox-list" hidden={hidden}>
      {shown.map((option, index) => (
        <li
          key={option.value}
          id={`${id}-${index}`}
          role="option"
          aria-selected={option.value === value}
          class={index === active ? 'active' : undefined}
          onMouseDown={(event) => {
            event.preventDefault();
            onChoose(option);
          }}
        >
          <span>{option.label}</span>
          {option.hint ? <small>{option.hint}</small> : null}
        </li>
      ))}
      {empty !== null ? (
        <li class="combobox-more" aria-disabled="true">
          {empty}
        </li>
      ) : null}
      {more ? (
        <li class="combobox-more" aria-disabled="true">
          …
        </li>
      ) : null}
    </ul>
  );
}

export function Combobox({ label, hideLabel, hint, error, required, disabled, placeholder, name, options, value, valueLabel, onChange, onQuery, busy, keepOrder }: ComboboxProps) {
  const t = useT();
  const selected = options.find((option) => option.value === value) ?? null;
  const chosenLabel = selected?.label ?? (value ? (valueLabel ?? value) : '');
  const [text, setText] = useState(chosenLabel);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const closing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sorted = useMemo(() => (keepOrder ? [...options] : sortVi(options, (option) => option.label)), [options, keepOrder]);
  const typed = value && text === chosenLabel ? '' : text;
  const matches = useMemo(() => sorted.filter((option) => matchesSearch(typed, option.label, option.hint, option.value)), [sorted, typed]);
  const shown = matches.slice(0, MAX_SHOWN);

  useEffect(() => {
    setText(chosenLabel);
  }, [value, chosenLabel]);
  useEffect(() => () => clearTimeout(closing.current), []);

  const choose = (option: ComboOption | null) => {
    onChange(option?.value ?? null);
    setText(option?.label ?? '');
    setOpen(false);
  };

  return (
    <Field label={label} hideLabel={hideLabel} hint={hint} error={error} required={required}>
      {(props) => {
        const listId = `${props.id}-list`;
        return (
          <>
            <div class="combobox">
              <input
                {...props}
                name={name}
                type="text"
                role="combobox"
                autoComplete="off"
                aria-autocomplete="list"
                aria-expanded={open && !disabled}
                aria-controls={listId}
                aria-activedescendant={open && shown[active] ? `${listId}-${active}` : undefined}
                aria-busy={busy || undefined}
                disabled={disabled}
                placeholder={placeholder ?? t(COMMON.search)}
                value={text}
                onInput={(event) => {
                  const next = event.currentTarget.value;
                  setText(next);
                  setActive(0);
                  setOpen(true);
                  onQuery?.(next);
                  if (!next) onChange(null);
                }}
                onFocus={() => setOpen(true)}
                onBlur={() => {
                  // A click on an option lands before the blur closes the list.
                  closing.current = setTimeout(() => {
                    setOpen(false);
                    setText(chosenLabel);
                  }, 150);
                }}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowDown') {
                    event.preventDefault();
                    setOpen(true);
                    setActive((i) => Math.min(i + 1, shown.length - 1));
                  } else if (event.key === 'ArrowUp') {
                    event.preventDefault();
                    setActive((i) => Math.max(i - 1, 0));
                  } else if (event.key === 'Enter' && open && shown[active]) {
                    event.preventDefault();
                    choose(shown[active]);
                  } else if (event.key === 'Escape') {
                    setOpen(false);
                    setText(chosenLabel);
                  }
                }}
              />
              {value && !required && !disabled ? (
                <button type="button" class="combobox-clear btn-link" aria-label={`${t(COMMON.cancel)}: ${chosenLabel}`} onClick={() => choose(null)}>
                  ×
                </button>
              ) : null}
              <ComboboxList
                id={listId}
                label={label}
                hidden={!open || disabled || (shown.length === 0 && !typed)}
                shown={shown}
                more={matches.length > MAX_SHOWN}
                value={value}
                active={active}
                empty={shown.length === 0 && typed ? (busy ? t(S.searching) : t(S.noResult)) : null}
                onChoose={choose}
              />
            </div>
            <span class="visually-hidden" role="status" aria-live="polite">
              {open && typed ? (busy ? t(S.searching) : t(S.results, { n: matches.length })) : ''}
            </span>
          </>
        );
      }}
    </Field>
  );
}

/** Departments and communes of the province (GET /units), known once per session. */
export function useUnits(kind?: Unit['kind']): Unit[] {
  const { data } = useResource<Unit[]>('/units');
  return useMemo(() => (data ?? []).filter((unit) => !kind || unit.kind === kind), [data, kind]);
}

export function UnitPicker({
  kind,
  label,
  value,
  onChange,
  required,
  error,
  hideLabel,
  name,
}: {
  kind: Unit['kind'];
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  required?: boolean;
  error?: string | null;
  hideLabel?: boolean;
  name?: string;
}) {
  const units = useUnits(kind);
  const options = useMemo(() => units.map((unit) => ({ value: unit.id, label: unit.name })), [units]);
  return <Combobox label={label} hideLabel={hideLabel} options={options} value={value} onChange={onChange} required={required} error={error} name={name ?? kind} />;
}
