import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { applyLanguage, getCurrentLanguage, type Language } from './language';
import { en, zhCN, type MessageKey, type Messages } from './messages';

const dictionaries: Record<Language, Messages> = { 'zh-CN': zhCN, en };

/** Values substituted into `{name}` placeholders. */
export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** Replaces `{name}` placeholders; an unknown placeholder is left as written so the gap is visible. */
export function format(template: string, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** A translator bound to one language; usable outside React (tests, non-component code). */
export function translator(language: Language): Translate {
  const messages = dictionaries[language];
  return (key, vars) => format(messages[key], vars);
}

type I18nValue = { language: Language; setLanguage: (language: Language) => void; t: Translate };

const I18nContext = createContext<I18nValue | null>(null);

/** Holds the UI language; children read it with `useI18n()`. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(getCurrentLanguage);

  const setLanguage = useCallback((next: Language) => {
    applyLanguage(next);
    setLanguageState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = dictionaries[language]['app.name'];
  }, [language]);

  const value = useMemo<I18nValue>(
    () => ({ language, setLanguage, t: translator(language) }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its translator `t`, and `setLanguage`. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
