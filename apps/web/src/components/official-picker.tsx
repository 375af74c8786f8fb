/**
 * Pickers for a nomination: a searchable list whose label may be hidden (a row of the batch
 * table) and whose options may come from the server as the user types (the officials of a
 * department: thousands in a real province). ARIA 1.2 combobox, like components/combobox.tsx;
 * search ignores the diacritics the user leaves out ("nguyen van" finds "Nguyễn Văn…").
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { withQuery } from '../api';
import { useResource } from '../data';
import { matchesSearch, sortVi } from '../format';
import { COMMON, useT } from '../i18n';
import type { RegistryOfficial, RegistryOfficialPage } from '../screens/nominate-types';
import { useUnits, type ComboOption } from './combobox';

const MAX_SHOWN = 50;

const S = {
  results: { vi: '{n} kết quả', en: '{n} results' },
  noResult: { vi: 'Không tìm thấy', en: 'Nothing found' },
  searching: { vi: 'Đang tìm…', en: 'Searching…' },
  chooseUnitFirst: { vi: 'Chọn đơn vị cử đi trước', en: 'Choose the sending unit first' },
  onCase: { vi: 'đang có hồ sơ {caseId}', en: 'on case {caseId}' },
  searchOfficial: { vi: 'Gõ tên hoặc mã công chức', en: 'Type a name or an id' },
};

export interface PickerProps {
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

export function SearchPicker({ label, hideLabel, hint, error, required, disabled, placeholder, name, options, value, valueLabel, onChange, onQuery, busy, keepOrder }: PickerProps) {
  const t = useT();
  const id = useId();
  const listId = `${id}-list`;
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
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div class={`field${error ? ' field-invalid' : ''}${hideLabel ? ' field-bare' : ''}`}>
      <label for={id} class={hideLabel ? 'visually-hidden' : undefined}>
        {label}
        {required && !hideLabel ? (
          <span class="required" aria-hidden="true" title={t(COMMON.required)}>
            {' '}
            *
          </span>
        ) : null}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div class="combobox">
        <input
          id={id}
          name={name}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open && !disabled}
          aria-controls={listId}
          aria-activedescendant={open && shown[active] ? `${listId}-${active}` : undefined}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          aria-busy={busy || undefined}
          required={required}
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
        <ul id={listId} role="listbox" aria-label={label} class="combobox-list" hidden={!open || disabled || (shown.length === 0 && !typed)}>
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
          {shown.length === 0 && typed ? (
            <li class="combobox-more" aria-disabled="true">
              {busy ? t(S.searching) : t(S.noResult)}
            </li>
          ) : null}
          {matches.length > MAX_SHOWN ? (
            <li class="combobox-more" aria-disabled="true">
              …
            </li>
          ) : null}
        </ul>
      </div>
      <span class="visually-hidden" role="status" aria-live="polite">
        {open && typed ? (busy ? t(S.searching) : t(S.results, { n: matches.length })) : ''}
      </span>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** `value` once it has not changed for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** What the picker shows of an official: the name, then the id, the post and an open case. */
export function officialOption(official: RegistryOfficial, t: ReturnType<typeof useT>): ComboOption {
  const parts = [official.id, official.title ?? official.rank ?? '', official.onCase ? t(S.onCase, { caseId: official.onCase }) : ''].filter(Boolean);
  return { value: official.id, label: official.name, hint: parts.join(' · ') };
}

/**
 * An official of one unit (GET /registry/officials?unitId=…&q=…), searched on the server as the
 * user types: a department of a real province has hundreds. `onChange` gives the official.
 */
export function OfficialPicker({
  unitId,
  label,
  value,
  onChange,
  hideLabel,
  error,
  required,
  hint,
}: {
  unitId: string | null;
  label: string;
  /** The chosen official (a pasted id alone has its id as name until it is found). */
  value: Pick<RegistryOfficial, 'id' | 'name'> | null;
  onChange: (official: RegistryOfficial | null) => void;
  hideLabel?: boolean;
  error?: string | null;
  required?: boolean;
  hint?: string;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const path = unitId ? withQuery('/registry/officials', { unitId, q: q || undefined, pageSize: 50 }) : null;
  const { data, loading, refreshing } = useResource<RegistryOfficialPage>(path);
  const known = useRef(new Map<string, RegistryOfficial>());
  for (const official of data?.items ?? []) known.current.set(official.id, official);
  const options = useMemo(() => (data?.items ?? []).map((official) => officialOption(official, t)), [data, t]);
  return (
    <SearchPicker
      label={label}
      hideLabel={hideLabel}
      hint={unitId ? hint : t(S.chooseUnitFirst)}
      error={error}
      required={required}
      disabled={!unitId}
      placeholder={t(S.searchOfficial)}
      name="officialId"
      options={options}
      value={value?.id ?? null}
      valueLabel={value?.name}
      busy={loading || refreshing || q !== query.trim()}
      keepOrder
      onQuery={setQuery}
      onChange={(id) => onChange(id ? (known.current.get(id) ?? null) : null)}
    />
  );
}

/** A commune (GET /units), searched in the browser: a province has about a hundred. */
export function CommunePicker({ label, value, onChange, hideLabel, error, required }: { label: string; value: string | null; onChange: (value: string | null) => void; hideLabel?: boolean; error?: string | null; required?: boolean }) {
  const units = useUnits('commune');
  const options = useMemo(() => units.map((unit) => ({ value: unit.id, label: unit.name })), [units]);
  return <SearchPicker label={label} hideLabel={hideLabel} error={error} required={required} name="receivingUnitId" options={options} value={value} onChange={onChange} />;
}
