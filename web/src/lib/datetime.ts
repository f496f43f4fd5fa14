import type { Language } from '../i18n';

/** Deadlines and timestamps are shown in China Standard Time whatever the device's zone. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, withTime: boolean): Intl.DateTimeFormat {
  const k = `${language}|${withTime}`;
  let f = formatters.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(language, {
      timeZone: DISPLAY_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
    });
    formatters.set(k, f);
  }
  return f;
}

/** `2026-03-01T06:30:00Z` → `2026/03/01 14:30` (zh-CN); empty string for null or an unparsable value. */
export function formatDateTime(iso: string | null | undefined, language: Language, withTime = true): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatter(language, withTime).format(date);
}
