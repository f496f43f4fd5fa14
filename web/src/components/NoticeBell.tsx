import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Popover, Spin } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { listNotices, markNoticesRead, type Notice } from '../api/notices';
import { useCurrentUser } from '../auth/current-user';
import { useI18n, type Language } from '../i18n';
import { formatDateTime } from '../lib/datetime';
import { errorMessage } from '../lib/error-message';
import { caseHref } from '../routes/registry';

const NOTICES_KEY = ['notices'] as const;

/** The notice in the UI's language: English where the server kept it (older notices are Chinese only). */
function noticeText(n: Notice, language: Language): { title: string; body: string } {
  return language === 'en' && n.en ? n.en : n;
}

/**
 * The header's bell: the unread count of the in-app inbox (refreshed every minute and after every case
 * write) and a dropdown of the latest notices. Opening one marks it read and goes to its case.
 */
export function NoticeBell() {
  const { t, language } = useI18n();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const inbox = useQuery({
    queryKey: NOTICES_KEY,
    queryFn: ({ signal }) => listNotices(20, signal),
    refetchInterval: 60_000,
    staleTime: 10_000,
  });
  const markRead = useMutation({
    mutationFn: markNoticesRead,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: NOTICES_KEY }),
  });
  const unread = inbox.data?.unread ?? 0;
  const unreadIds = inbox.data?.items.filter((n) => !n.readAt).map((n) => n.id) ?? [];

  const openNotice = (n: Notice) => {
    if (!n.readAt) markRead.mutate([n.id]);
    setOpen(false);
    const href = n.caseId ? caseHref(user.role, n.caseId) : null;
    if (href) void navigate(href);
  };

  const content = (
    <div className="notice-panel" data-testid="notice-panel">
      <div className="notice-panel__head">
        <strong>{t('notices.title')}</strong>
        {unreadIds.length > 0 ? (
          <Button
            type="link"
            size="small"
            onClick={() => markRead.mutate(unreadIds)}
            loading={markRead.isPending}
          >
            {t('notices.markAll')}
          </Button>
        ) : null}
      </div>
      {inbox.isPending ? (
        <div className="notice-panel__empty">
          <Spin size="small" />
        </div>
      ) : inbox.isError ? (
        <div className="notice-panel__empty muted-small">{errorMessage(inbox.error, t)}</div>
      ) : inbox.data.items.length === 0 ? (
        <Empty description={t('notices.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ul className="notice-list">
          {inbox.data.items.map((n) => {
            const text = noticeText(n, language);
            return (
              <li key={n.id}>
                <button
                  type="button"
                  className={`notice${n.readAt ? '' : ' notice--unread'}`}
                  onClick={() => openNotice(n)}
                >
                  <span className="notice__title">{text.title}</span>
                  <span className="notice__body">{text.body}</span>
                  <span className="notice__time">{formatDateTime(n.createdAt, language)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      arrow={false}
      classNames={{ root: 'notice-popover' }}
    >
      <Button
        type="text"
        aria-label={t('notices.open', { count: unread })}
        className="notice-bell"
        data-testid="notice-bell"
      >
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined className="notice-bell__icon" aria-hidden />
        </Badge>
      </Button>
    </Popover>
  );
}
