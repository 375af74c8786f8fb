/**
 * The caller's messages, newest first: unread ones in bold (and said so to screen readers),
 * mandatory deadline reminders marked, each opening its case. Opening a message (its text or its
 * link) marks it read; "mark all read" clears the lot. Paging and the unread filter are in the URL.
 */
import { useState } from 'preact/hooks';
import { ApiError, send, withQuery } from '../api';
import { Button, Empty, Loading, Page, Pager, ProblemMessage } from '../components/ui';
import { invalidate, useResource } from '../data';
import { formatDateTime, formatNumber } from '../format';
import { useLanguage, useT, type Bilingual } from '../i18n';
import { Link, navigate, setQuery, useLocation } from '../router';
import type { MarkedRead, NotificationItem, NotificationPage } from '../types';
import './notifications.css';

const S = {
  title: { vi: 'Thông báo', en: 'Notifications' },
  preferences: { vi: 'Tùy chọn nhận thông báo', en: 'Notification preferences' },
  unreadOnly: { vi: 'Chỉ hiện thông báo chưa đọc', en: 'Unread messages only' },
  unreadCount: { vi: '{n} thông báo chưa đọc', en: '{n} unread' },
  allRead: { vi: 'Không có thông báo chưa đọc.', en: 'No unread messages.' },
  markAll: { vi: 'Đánh dấu tất cả đã đọc', en: 'Mark all read' },
  markedAll: { vi: 'Đã đánh dấu {n} thông báo là đã đọc.', en: '{n} messages marked read.' },
  markRead: { vi: 'Đánh dấu đã đọc', en: 'Mark read' },
  unread: { vi: 'chưa đọc', en: 'unread' },
  mandatory: { vi: 'Nhắc hạn bắt buộc', en: 'Mandatory reminder' },
  mandatoryHint: { vi: 'Nhắc hạn xử lý hoặc hết thời hạn: luôn được gửi email ngay.', en: 'A deadline or term-end reminder: always emailed at once.' },
  content: { vi: 'Xem nội dung', en: 'Show the message' },
  none: { vi: 'Chưa có thông báo nào.', en: 'No messages yet.' },
  noneUnread: { vi: 'Không có thông báo chưa đọc.', en: 'No unread messages.' },
  list: { vi: 'Danh sách thông báo', en: 'Messages' },
} satisfies Record<string, Bilingual>;

const PAGE_SIZE = 20;

/** The link of a message as a path of this app: its host is the public address, the path is the screen. */
function appPath(link: string): string {
  try {
    const url = new URL(link, location.origin);
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/notifications';
  }
}

/**
 * The message text without the two paragraphs that close every email (the link, already the
 * subject's, and the "sent automatically" footer).
 */
function bodyOf(item: NotificationItem): string {
  const paragraphs = item.text.split('\n\n');
  const linkAt = paragraphs.findIndex((paragraph) => paragraph.trim().endsWith(item.link));
  return (linkAt > 0 ? paragraphs.slice(0, linkAt) : paragraphs).join('\n\n');
}

async function markRead(id: string): Promise<void> {
  await send('POST', `/notifications/${encodeURIComponent(id)}/read`);
  invalidate('/notifications');
}

function Message({ item, onError }: { item: NotificationItem; onError: (error: ApiError) => void }) {
  const t = useT();
  const unread = item.readAt === null;
  const path = appPath(item.link);
  const headingId = `message-${item.id}`;
  const open = async () => {
    if (!unread) return;
    try {
      await markRead(item.id);
    } catch (error) {
      if (error instanceof ApiError) onError(error);
    }
  };
  return (
    <li class={`message${unread ? ' unread' : ''}${item.mandatory ? ' mandatory' : ''}`} data-notification-id={item.id}>
      <article aria-labelledby={headingId}>
        <h2 class="message-subject" id={headingId}>
          <Link
            href={path}
            onClick={(event) => {
              if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
                void open();
                return;
              }
              // Marked read first, then the case opens (the count in the menu follows).
              event.preventDefault();
              void open().finally(() => navigate(path));
            }}
          >
            {unread ? <span class="visually-hidden">{t(S.unread)}: </span> : null}
            {item.subject}
          </Link>
        </h2>
        <p class="message-meta">
          {unread ? <span class="unread-dot" aria-hidden="true" /> : null}
          <time dateTime={item.occurredAt}>{formatDateTime(item.occurredAt)}</time>
          {item.mandatory ? (
            <span class="badge badge-mandatory" title={t(S.mandatoryHint)}>
              {t(S.mandatory)}
            </span>
          ) : null}
          {unread ? (
            <Button variant="link" class="mark-read" onClick={() => void open()}>
              {t(S.markRead)}
              <span class="visually-hidden">: {item.subject}</span>
            </Button>
          ) : null}
        </p>
        <details
          onToggle={(event) => {
            if (event.currentTarget.open) void open();
          }}
        >
          <summary>{t(S.content)}</summary>
          <p class="message-text">{bodyOf(item)}</p>
        </details>
      </article>
    </li>
  );
}

export default function NotificationsScreen() {
  const t = useT();
  const { language } = useLanguage();
  const { query } = useLocation();
  const unreadOnly = query.get('unread') === 'true';
  const pageNumber = Math.max(1, Math.floor(Number(query.get('page'))) || 1);
  const read = useResource<NotificationPage>(withQuery('/notifications', { unread: unreadOnly || undefined, limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [marked, setMarked] = useState<number | null>(null);
  const data = read.data;

  const markAll = async () => {
    setBusy(true);
    setError(null);
    setMarked(null);
    try {
      const result = await send<MarkedRead>('POST', '/notifications/read-all');
      setMarked(result.marked);
      invalidate('/notifications');
    } catch (failure) {
      if (failure instanceof ApiError) setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title={t(S.title)}
      actions={
        <>
          <Button variant="primary" busy={busy} disabled={!data || data.unread === 0} onClick={() => void markAll()}>
            {t(S.markAll)}
          </Button>
          <Link class="btn btn-secondary" href="/preferences">
            {t(S.preferences)}
          </Link>
        </>
      }
    >
      <div class="notifications-toolbar">
        <label class="checkbox">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(event) => {
              setMarked(null);
              setQuery({ unread: event.currentTarget.checked ? 'true' : null, page: null });
            }}
          />
          {t(S.unreadOnly)}
        </label>
        <p class="unread-summary" role="status" aria-live="polite">
          {marked !== null ? `${t(S.markedAll, { n: marked })} ` : ''}
          {data ? (data.unread ? t(S.unreadCount, { n: formatNumber(data.unread, language) }) : t(S.allRead)) : ''}
        </p>
      </div>
      <ProblemMessage error={error ?? read.error} onRetry={error ? undefined : () => void read.reload()} />
      {read.loading ? (
        <Loading />
      ) : data ? (
        data.items.length === 0 ? (
          <Empty>{unreadOnly ? t(S.noneUnread) : t(S.none)}</Empty>
        ) : (
          <>
            <ul class="message-list" aria-label={t(S.list)}>
              {data.items.map((item) => (
                <Message key={item.id} item={item} onError={setError} />
              ))}
            </ul>
            <Pager page={pageNumber} pageSize={PAGE_SIZE} total={data.total} onPage={(next) => setQuery({ page: next > 1 ? String(next) : null })} />
          </>
        )
      ) : null}
    </Page>
  );
}
