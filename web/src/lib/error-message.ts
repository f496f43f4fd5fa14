import { ApiError, CLIENT_ERROR_CODES } from '../api/problem';
import type { Translate } from '../i18n';

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
