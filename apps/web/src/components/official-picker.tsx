/**
 * The official of a nomination, searched on the server as the user types (the officials of a
 * department: hundreds in a real province), in the shared combobox; search ignores the diacritics
 * the user leaves out ("nguyen van" finds "Nguyễn Văn…").
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { withQuery } from '../api';
import { useResource } from '../data';
import { useT } from '../i18n';
import type { RegistryOfficial, RegistryOfficialPage } from '../types';
import { Combobox, UnitPicker, type ComboOption } from './combobox';

const S = {
  chooseUnitFirst: { vi: 'Chọn đơn vị cử đi trước', en: 'Choose the sending unit first' },
  onCase: { vi: 'đang có hồ sơ {caseId}', en: 'on case {caseId}' },
  searchOfficial: { vi: 'Gõ tên hoặc mã công chức', en: 'Type a name or an id' },
};

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
    <Combobox
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
  return <UnitPicker kind="commune" name="receivingUnitId" label={label} hideLabel={hideLabel} error={error} required={required} value={value} onChange={onChange} />;
}
