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

const deadlineFormatters = new Map<Language, Intl.DateTimeFormat>();

/**
 * A deadline as people read it, in China Standard Time with the weekday: `12月2日 周三 23:59` (zh-CN),
 * `Wed, Dec 2, 23:59` (en). Empty string for null or an unparsable value.
 */
export function formatDeadline(iso: string | null | undefined, language: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  let f = deadlineFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(language, {
      timeZone: DISPLAY_TIME_ZONE,
      month: language === 'en' ? 'short' : 'long',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    deadlineFormatters.set(language, f);
  }
  return f.format(date);
}

/** Whole days, hours and minutes from `now` until `iso` (negative total when past). */
export function timeUntil(
  iso: string,
  now: number = Date.now(),
): { ms: number; days: number; hours: number } {
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  return { ms, days: Math.floor(abs / 86_400_000), hours: Math.floor((abs % 86_400_000) / 3_600_000) };
}
