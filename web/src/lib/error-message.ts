import { ApiError, CLIENT_ERROR_CODES } from '../api/problem';
import type { Language, Translate } from '../i18n';

/**
 * The message to show for any error: the server's localized `detail` (it honours Accept-Language), or a
 * client-side fallback for network failures and responses that are not problem documents.
 */
export function errorMessage(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('error.generic');
  if (error.code === CLIENT_ERROR_CODES.network) return t('error.network');
  if (error.code === CLIENT_ERROR_CODES.badResponse) return t('error.generic');
  return (
    error.problem.detail ?? (error.status >= 500 ? t('error.generic') : error.message || t('error.generic'))
  );
}

/**
 * Every message of an error: each reason the server listed (`problems`, in the user's language) when it sent
 * several, else the one {@link errorMessage}. A refused policy publish says all of what is wrong at once.
 */
export function errorMessages(error: unknown, t: Translate, language: Language): string[] {
  const listed = error instanceof ApiError ? error.listedProblems : [];
  if (listed.length === 0) return [errorMessage(error, t)];
  return listed.map((p) => (language === 'en' ? p.message.en : p.message.zh) || p.code);
}
