/** The gap screen's filters: the field, short or over, how people are counted, a commune's name. They live in the URL. */
import { Field } from '../../components/ui';
import { useLanguage, useT } from '../../i18n';
import { setQuery } from '../../router';
import type { RegistryField } from '../../types';
import { S } from './strings';

export function GapFilters({ fields, fieldId, status, view, q }: { fields: RegistryField[] | undefined; fieldId: string; status: string; view: 'present' | 'books'; q: string }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <section class="card" aria-label={t(S.filters)}>
      <div class="filters">
        <Field label={t(S.field)}>
          {(props) => (
            <select {...props} value={fieldId} onChange={(event) => setQuery({ field: event.currentTarget.value, suggest: null })}>
              <option value="">{t(S.allFields)}</option>
              {(fields ?? []).map((field) => (
                <option key={field.id} value={field.id}>
                  {field.name[language]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(S.status)}>
          {(props) => (
            <select {...props} value={status} onChange={(event) => setQuery({ status: event.currentTarget.value })}>
              <option value="">{t(S.all)}</option>
              <option value="short">{t(S.short)}</option>
              <option value="over">{t(S.over)}</option>
            </select>
          )}
        </Field>
        <Field label={t(S.view)} hint={t(S.viewHint)}>
          {(props) => (
            <select {...props} value={view} onChange={(event) => setQuery({ view: event.currentTarget.value === 'books' ? 'books' : null })}>
              <option value="present">{t(S.viewPresent)}</option>
              <option value="books">{t(S.viewBooks)}</option>
            </select>
          )}
        </Field>
        <Field label={t(S.search)} hint={t(S.searchHint)}>
          {(props) => <input {...props} type="search" value={q} onInput={(event) => setQuery({ q: event.currentTarget.value })} />}
        </Field>
      </div>
    </section>
  );
}
