/** The frame around every signed-in screen: skip link, menu, language, the user, unread count. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ROLE_LABELS, capitalised } from '@app/domain/labels';
import { send } from '../api';
import { useResource } from '../data';
import { COMMON, useLanguage, useT, type Language } from '../i18n';
import { Link, useLocation } from '../router';
import { navFor } from '../routes';
import { useSession } from '../session';
import type { NotificationPage } from '../types';

const S = {
  skip: { vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to the main content' },
  menu: { vi: 'Menu', en: 'Menu' },
  mainNav: { vi: 'Chức năng chính', en: 'Main' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  language: { vi: 'Ngôn ngữ', en: 'Language' },
  unread: { vi: '{n} thông báo chưa đọc', en: '{n} unread notifications' },
  actingFor: { vi: 'Đang được ủy quyền thay: {names}', en: 'Acting as deputy for: {names}' },
  preferences: { vi: 'Tùy chọn', en: 'Preferences' },
};

export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage();
  const { me } = useSession();
  const t = useT();
  const choose = (next: Language) => {
    setLanguage(next);
    // The account's language also decides its emails: one setting for the person.
    if (me) void send('PATCH', '/me/preferences', { language: next }).catch(() => undefined);
  };
  return (
    <div class="language" role="group" aria-label={t(S.language)}>
      {(['vi', 'en'] as const).map((code) => (
        <button type="button" key={code} class={`lang-btn${language === code ? ' active' : ''}`} aria-pressed={language === code} lang={code} onClick={() => choose(code)}>
          {code === 'vi' ? 'Tiếng Việt' : 'English'}
        </button>
      ))}
    </div>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  const t = useT();
  const { me, signOut } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const unread = useResource<NotificationPage>(me ? '/notifications?unread=true&limit=1' : null, { refreshMs: 60_000 });
  const unreadCount = unread.data?.unread ?? 0;
  return (
    <>
      <a class="skip-link" href="#main">
        {t(S.skip)}
      </a>
      <header class="topbar">
        <Link href="/inbox" class="brand">
          {t(COMMON.appName)}
        </Link>
        <button type="button" class="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
          {t(S.menu)}
        </button>
        <nav id="main-nav" class={`main-nav${menuOpen ? ' open' : ''}`} aria-label={t(S.mainNav)}>
          <ul>
            {navFor(me?.role).map((item) => (
              <li key={item.path}>
                <Link href={item.path} aria-current={path === item.path || path.startsWith(`${item.path}/`) ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
                  {t(item.label)}
                  {item.path === '/notifications' && unreadCount > 0 ? (
                    <span class="count" aria-label={t(S.unread, { n: unreadCount })}>
                      {unreadCount}
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="user">
          <LanguageSwitch />
          {me ? (
            <>
              <span class="who">
                <strong>{me.displayName}</strong>
                <span class="role">
                  {capitalised(t(ROLE_LABELS[me.role]))}
                  {me.unit ? ` · ${me.unit.name}` : ''}
                </span>
              </span>
              <Link href="/preferences">{t(S.preferences)}</Link>
              <button type="button" class="btn btn-link" onClick={() => void signOut()}>
                {t(S.signOut)}
              </button>
            </>
          ) : null}
        </div>
      </header>
      {me?.actingFor.length ? <p class="acting-for">{t(S.actingFor, { names: me.actingFor.map((d) => d.delegator.displayName).join(', ') })}</p> : null}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
