import { api } from './client';

/** One in-app notice (server/modules/notices). Texts are composed by the server. */
export type Notice = {
  id: string;
  caseId: string | null;
  /** The text of record, zh-CN. */
  title: string;
  body: string;
  /** The same in English; null for notices written before the server kept it. */
  en: { title: string; body: string } | null;
  createdAt: string;
  readAt: string | null;
};

export type Inbox = { unread: number; items: Notice[] };

/** The signed-in user's inbox, newest first, with the unread count. */
export function listNotices(limit = 20, signal?: AbortSignal): Promise<Inbox> {
  return api.get<Inbox>('/api/v1/notices', { limit }, signal);
}

/** Marks notices read; resolves with how many changed. */
export function markNoticesRead(ids: string[]): Promise<{ marked: number }> {
  return api.post<{ marked: number }>('/api/v1/notices/read', { ids });
}
