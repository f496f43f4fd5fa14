export { I18nProvider, useI18n, translator, format, type Translate, type MessageVars } from './i18n';
export { LANGUAGES, getCurrentLanguage, type Language } from './language';
export type { MessageKey } from './messages';
