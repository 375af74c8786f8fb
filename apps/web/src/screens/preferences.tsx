/**
 * The caller's preferences: the language of the app and of every message, the email address
 * messages go to, and whether they come one by one or as a daily digest (deadline and term-end
 * reminders always come at once). The API judges every field; its errors show beside each.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, send } from '../api';
import { Button, Field, Loading, Page, ProblemMessage } from '../components/ui';
import { invalidate, useResource } from '../data';
import { COMMON, useLanguage, useT, type Bilingual } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import type { FieldProblem, Preferences } from '../types';
import './notifications.css';

const S = {
  title: { vi: 'Tùy chọn', en: 'Preferences' },
  intro: { vi: 'Ngôn ngữ của ứng dụng và của thông báo, và cách nhận thông báo qua email.', en: 'The language of the app and of your messages, and how messages reach you by email.' },
  language: { vi: 'Ngôn ngữ', en: 'Language' },
  languageHint: { vi: 'Áp dụng cho giao diện, thông báo trong ứng dụng và email.', en: 'For the screens, the messages in the app and the emails.' },
  email: { vi: 'Địa chỉ email', en: 'Email address' },
  emailHint: { vi: 'Để trống nếu chỉ muốn nhận thông báo trong ứng dụng.', en: 'Leave it empty to get messages in the app only.' },
  emailInvalid: { vi: 'Địa chỉ email không hợp lệ (ví dụ: ten@daklak.gov.vn).', en: 'Not a valid email address (for example name@daklak.gov.vn).' },
  mode: { vi: 'Cách nhận email', en: 'How emails come' },
  each: { vi: 'Mỗi thông báo một email', en: 'An email for each message' },
  eachHint: { vi: 'Email được gửi ngay khi có việc mới.', en: 'An email as soon as something happens.' },
  digest: { vi: 'Một email tổng hợp mỗi ngày', en: 'One daily digest' },
  digestHint: { vi: 'Các thông báo thường được gộp vào một email mỗi ngày; trong ứng dụng vẫn hiện ngay.', en: 'Ordinary messages are gathered into one email a day; they still show in the app at once.' },
  always: {
    vi: 'Nhắc hạn xử lý và nhắc hết thời hạn biệt phái là thông báo bắt buộc: luôn được gửi email ngay, kể cả khi chọn email tổng hợp.',
    en: 'Deadline and term-end reminders are mandatory: they are always emailed at once, even with the daily digest.',
  },
  noEmail: { vi: 'Chưa có địa chỉ email: thông báo chỉ hiện trong ứng dụng.', en: 'No email address: messages show in the app only.' },
  saved: { vi: 'Đã lưu tùy chọn.', en: 'Preferences saved.' },
  notSaved: { vi: 'Chưa lưu: kiểm tra các trường được đánh dấu.', en: 'Not saved: check the fields marked.' },
  notifications: { vi: 'Xem thông báo', en: 'Open my notifications' },
  invalidField: { vi: 'Giá trị không hợp lệ.', en: 'Not a valid value.' },
} satisfies Record<string, Bilingual>;

type FieldName = 'language' | 'email' | 'notifyMode';

/** The API's field errors in the reader's language where the screen knows the rule. */
function fieldMessage(error: FieldProblem, t: (text: Bilingual) => string): string {
  if (error.field === 'email') return t(S.emailInvalid);
  return `${t(S.invalidField)} (${error.message})`;
}

export default function PreferencesScreen() {
  const t = useT();
  const { setLanguage } = useLanguage();
  const { refresh } = useSession();
  const read = useResource<Preferences>('/me/preferences');
  const [form, setForm] = useState<Preferences | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    // The form starts from what the API holds, once; a refresh does not overwrite typing.
    if (read.data && !form) setForm({ ...read.data, email: read.data.email ?? '' });
  }, [read.data, form]);

  const fieldErrors = new Map<FieldName, string>();
  for (const problem of error?.problem.errors ?? []) {
    const name = problem.field as FieldName;
    if (['language', 'email', 'notifyMode'].includes(name) && !fieldErrors.has(name)) fieldErrors.set(name, fieldMessage(problem, t));
  }

  const change = (changes: Partial<Preferences>) => {
    setSaved(false);
    setForm((current) => (current ? { ...current, ...changes } : current));
  };

  const save = async () => {
    if (!form) return;
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      const email = (form.email ?? '').trim();
      const result = await send<Preferences>('PATCH', '/me/preferences', { language: form.language, email: email || null, notifyMode: form.notifyMode });
      setForm({ ...result, email: result.email ?? '' });
      setLanguage(result.language);
      invalidate('/me/preferences', '/notifications');
      void refresh();
      setSaved(true);
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const radio = <K extends FieldName>(name: K, value: Preferences[K], label: string, hint?: string, lang?: string) => (
    <label class="choice" lang={lang}>
      <input type="radio" name={name} value={String(value)} checked={form?.[name] === value} onChange={() => change({ [name]: value })} />
      <span>
        {label}
        {hint ? <small>{hint}</small> : null}
      </span>
    </label>
  );

  return (
    <Page title={t(S.title)} actions={<Link href="/notifications">{t(S.notifications)}</Link>}>
      <p>{t(S.intro)}</p>
      <ProblemMessage error={read.error} onRetry={() => void read.reload()} />
      {!form ? (
        read.error ? null : <Loading />
      ) : (
        <form
          class="card preferences-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {error ? (
            fieldErrors.size ? (
              <p class="problem" role="alert">
                {t(S.notSaved)}
              </p>
            ) : (
              <ProblemMessage error={error} />
            )
          ) : null}
          <fieldset aria-describedby="language-hint">
            <legend>{t(S.language)}</legend>
            <p class="hint" id="language-hint">
              {t(S.languageHint)}
            </p>
            {radio('language', 'vi', 'Tiếng Việt', undefined, 'vi')}
            {radio('language', 'en', 'English', undefined, 'en')}
            {fieldErrors.has('language') ? <p class="field-error">{fieldErrors.get('language')}</p> : null}
          </fieldset>
          <Field label={t(S.email)} hint={t(S.emailHint)} error={fieldErrors.get('email')}>
            {(props) => <input {...props} type="email" name="email" autoComplete="email" inputMode="email" maxLength={254} value={form.email ?? ''} onInput={(event) => change({ email: event.currentTarget.value })} />}
          </Field>
          <fieldset>
            <legend>{t(S.mode)}</legend>
            {radio('notifyMode', 'each', t(S.each), t(S.eachHint))}
            {radio('notifyMode', 'digest', t(S.digest), t(S.digestHint))}
            {fieldErrors.has('notifyMode') ? <p class="field-error">{fieldErrors.get('notifyMode')}</p> : null}
            <p class="always">{t(S.always)}</p>
            {!(form.email ?? '').trim() ? <p class="hint">{t(S.noEmail)}</p> : null}
          </fieldset>
          <div class="form-actions">
            <Button type="submit" variant="primary" busy={busy}>
              {t(COMMON.save)}
            </Button>
          </div>
          <p role="status" aria-live="polite" class={saved ? 'notice' : 'visually-hidden'}>
            {saved ? t(S.saved) : ''}
          </p>
        </form>
      )}
    </Page>
  );
}
