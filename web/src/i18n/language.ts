/** The UI languages. zh-CN is the default; the choice persists in localStorage. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'accord.lang';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : 'zh-CN';
  } catch {
    // Storage can be unavailable (privacy mode, embedded webviews); fall back to the default.
    return 'zh-CN';
  }
}

let current: Language = readStoredLanguage();

/** The language in use right now; read by the API client for `Accept-Language`. */
export function getCurrentLanguage(): Language {
  return current;
}

/**
 * Switches the language outside React: module state (so the next request already carries the new
 * `Accept-Language`), localStorage and `<html lang>`. The React context calls this before re-rendering.
 */
export function applyLanguage(language: Language): void {
  current = language;
  document.documentElement.lang = language;
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; the switch still applies to this tab.
  }
}
