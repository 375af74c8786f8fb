/**
 * A searchable list (ARIA 1.2 combobox): type part of a name, with or without diacritics ("Cu Bao"
 * finds "Xã Cư Bao"), pick with the arrow keys and Enter or with a click. Options are sorted the
 * Vietnamese way.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { matchesSearch, sortVi } from '../format';
import { COMMON, useT } from '../i18n';
import { useResource } from '../data';
import type { Unit } from '../types';
import { Field } from './ui';

export interface ComboOption {
  value: string;
  label: string;
  /** A second line: the unit, the field… also searched. */
  hint?: string;
}

const MAX_SHOWN = 50;

export function Combobox({
  label,
  options,
  value,
  onChange,
  required,
  hint,
  error,
  placeholder,
  name,
}: {
  label: string;
  options: readonly ComboOption[];
  value: string | null;
  onChange: (value: string | null) => void;
  required?: boolean;
  hint?: string;
  error?: string | null;
  placeholder?: string;
  name?: string;
}) {
  const t = useT();
  const listId = useId();
  const selected = options.find((option) => option.value === value) ?? null;
  const [text, setText] = useState(selected?.label ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const sorted = useMemo(() => sortVi(options, (option) => option.label), [options]);
  const typed = selected && text === selected.label ? '' : text;
  const matches = useMemo(() => sorted.filter((option) => matchesSearch(typed, option.label, option.hint, option.value)), [sorted, typed]);
  const shown = matches.slice(0, MAX_SHOWN);

  useEffect(() => {
    setText(selected?.label ?? '');
  }, [selected?.value, selected?.label]);

  const choose = (option: ComboOption | null) => {
    onChange(option?.value ?? null);
    setText(option?.label ?? '');
    setOpen(false);
  };

  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(props) => (
        <div class="combobox">
          <input
            {...props}
            ref={inputRef}
            name={name}
            type="text"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open && shown[active] ? `${listId}-${active}` : undefined}
            placeholder={placeholder ?? t(COMMON.search)}
            value={text}
            onInput={(event) => {
              setText(event.currentTarget.value);
              setActive(0);
              setOpen(true);
              if (!event.currentTarget.value) onChange(null);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => {
              // A click on an option lands before the blur closes the list.
              setTimeout(() => {
                setOpen(false);
                setText(selected?.label ?? '');
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
                setText(selected?.label ?? '');
              }
            }}
          />
          {value && !required ? (
            <button type="button" class="combobox-clear btn-link" aria-label={`${t(COMMON.cancel)}: ${selected?.label ?? ''}`} onClick={() => choose(null)}>
              ×
            </button>
          ) : null}
          <ul id={listId} role="listbox" aria-label={label} class="combobox-list" hidden={!open || shown.length === 0}>
            {shown.map((option, index) => (
              <li
                key={option.value}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={option.value === value}
                class={index === active ? 'active' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(option);
                }}
              >
                <span>{option.label}</span>
                {option.hint ? <small>{option.hint}</small> : null}
              </li>
            ))}
            {matches.length > MAX_SHOWN ? <li class="combobox-more" aria-disabled="true">…</li> : null}
          </ul>
        </div>
      )}
    </Field>
  );
}

/** Departments and communes of the province (GET /units), known once per session. */
export function useUnits(kind?: Unit['kind']): Unit[] {
  const { data } = useResource<Unit[]>('/units');
  return useMemo(() => (data ?? []).filter((unit) => !kind || unit.kind === kind), [data, kind]);
}

export function UnitPicker({ kind, label, value, onChange, required, error }: { kind: Unit['kind']; label: string; value: string | null; onChange: (value: string | null) => void; required?: boolean; error?: string | null }) {
  const units = useUnits(kind);
  const options = useMemo(() => units.map((unit) => ({ value: unit.id, label: unit.name })), [units]);
  return <Combobox label={label} options={options} value={value} onChange={onChange} required={required} error={error} name={kind} />;
}
