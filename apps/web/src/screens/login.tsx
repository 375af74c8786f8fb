/** Sign-in; in a demo, the demo accounts to try, one click each. */
import { useEffect, useState } from 'preact/hooks';
import { ROLE_LABELS, capitalised } from '@app/domain/labels';
import { ApiError, get } from '../api';
import { LanguageSwitch } from '../components/layout';
import { Button, Field, ProblemMessage } from '../components/ui';
import { COMMON, useT } from '../i18n';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import type { DemoAccounts } from '../types';

const S = {
  title: { vi: 'Đăng nhập', en: 'Sign in' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  demoTitle: { vi: 'Tài khoản dùng thử', en: 'Demo accounts' },
  demoHint: { vi: 'Môi trường thử nghiệm: mọi tài khoản có mật khẩu {password}. Bấm vào một tài khoản để đăng nhập.', en: 'A demo: every account has the password {password}. Click one to sign in.' },
};

function safeNext(next: string | null): string {
  // Only a path of this app: never an address elsewhere.
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/inbox';
}

export function LoginScreen() {
  const t = useT();
  const { me, signIn } = useSession();
  const { query } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [demo, setDemo] = useState<DemoAccounts | null>(null);
  const next = safeNext(query.get('next'));

  useEffect(() => {
    document.title = `${t(S.title)} · ${t(COMMON.appName)}`;
  }, [t]);
  useEffect(() => {
    get<DemoAccounts>('/auth/demo-accounts').then(setDemo, () => setDemo(null));
  }, []);
  useEffect(() => {
    if (me) navigate(next, { replace: true });
  }, [me, next]);

  const submit = async (name: string, secret: string) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(name, secret);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <div class="login-top">
        <LanguageSwitch />
      </div>
      <div class="login-card">
        <p class="login-org">{t(COMMON.province)}</p>
        <h1>{t(COMMON.appName)}</h1>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit(username, password);
          }}
          aria-label={t(S.title)}
        >
          <ProblemMessage error={error} />
          <Field label={t(S.username)} required>
            {(props) => <input {...props} name="username" autoComplete="username" autoCapitalize="none" spellcheck={false} value={username} onInput={(e) => setUsername(e.currentTarget.value)} />}
          </Field>
          <Field label={t(S.password)} required>
            {(props) => <input {...props} name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
          </Field>
          <Button type="submit" variant="primary" busy={busy}>
            {t(S.signIn)}
          </Button>
        </form>
      </div>
      {demo?.enabled && demo.accounts.length ? (
        <section class="demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{t(S.demoTitle)}</h2>
          <p>{t(S.demoHint, { password: demo.password ?? '' })}</p>
          <ul>
            {demo.accounts.map((account) => (
              <li key={account.username}>
                <button type="button" class="demo-account" data-username={account.username} disabled={busy} onClick={() => void submit(account.username, demo.password ?? '')}>
                  <strong>{account.displayName}</strong>
                  <span>{capitalised(t(ROLE_LABELS[account.role]))}</span>
                  {account.unit ? <span>{account.unit.name}</span> : null}
                  <code>{account.username}</code>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
