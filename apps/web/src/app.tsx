/** The application: providers, the signed-in frame, and the path → screen table. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Layout } from './components/layout';
import { Loading, Page } from './components/ui';
import { COMMON, LanguageProvider, useT } from './i18n';
import { matchPath, navigate, useLocation } from './router';
import { LoginScreen } from './screens/login';
import { SessionProvider, loginPath, useSession } from './session';

type ScreenProps = { params: Record<string, string> };
type Loader = () => Promise<{ default: ComponentType<ScreenProps> }>;

/**
 * Each screen is its own chunk, fetched when first opened (and kept): the first page a slow
 * connection loads carries only the frame and that screen.
 */
const SCREENS: { pattern: string; load: Loader }[] = [
  { pattern: '/inbox', load: () => import('./screens/inbox') },
  { pattern: '/pipeline', load: () => import('./screens/pipeline') },
  { pattern: '/cases/:caseId', load: () => import('./screens/case') },
  { pattern: '/nominations/new', load: () => import('./screens/nominate') },
  { pattern: '/gap', load: () => import('./screens/gap') },
  { pattern: '/notifications', load: () => import('./screens/notifications') },
  { pattern: '/preferences', load: () => import('./screens/preferences') },
];

const loaded = new Map<Loader, ComponentType<ScreenProps>>();

function LazyScreen({ load, params }: { load: Loader; params: Record<string, string> }) {
  const [Screen, setScreen] = useState<ComponentType<ScreenProps> | undefined>(() => loaded.get(load));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (loaded.has(load)) {
      setScreen(() => loaded.get(load));
      return;
    }
    let live = true;
    load().then(
      (module) => {
        loaded.set(load, module.default);
        if (live) setScreen(() => module.default);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [load]);
  const t = useT();
  if (failed) {
    return (
      <Page title={t(COMMON.appName)}>
        <p role="alert">
          {t({ vi: 'Không tải được màn hình này. ', en: 'This screen could not be loaded. ' })}
          <button type="button" class="btn btn-link" onClick={() => location.reload()}>
            {t(COMMON.retry)}
          </button>
        </p>
      </Page>
    );
  }
  return Screen ? <Screen params={params} /> : <Loading />;
}

function NotFound() {
  const t = useT();
  return (
    <Page title={t(COMMON.notFound)}>
      <p>
        <a href="/inbox">{t({ vi: 'Về trang việc cần xử lý', en: 'Go to my inbox' })}</a>
      </p>
    </Page>
  );
}

function Routes() {
  const { path } = useLocation();
  const { me } = useSession();
  const signedIn = Boolean(me);
  const onLogin = path === '/login';
  useEffect(() => {
    if (!signedIn && !onLogin) navigate(loginPath(), { replace: true });
    else if (path === '/') navigate('/inbox', { replace: true });
  }, [signedIn, onLogin, path]);
  if (onLogin || !signedIn) return <LoginScreen />;
  for (const screen of SCREENS) {
    const params = matchPath(screen.pattern, path);
    if (params) {
      return (
        <Layout>
          <LazyScreen key={screen.pattern} load={screen.load} params={params} />
        </Layout>
      );
    }
  }
  return (
    <Layout>
      <NotFound />
    </Layout>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </LanguageProvider>
  );
}
