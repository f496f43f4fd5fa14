import type { MessageKey, Translate } from '../i18n';
import { zhCN } from '../i18n/messages';

/**
 * Translates a key built from server data (`orderStatus.${status}`), falling back to the raw value when the
 * dictionary has no entry yet, so a new server enum value shows up as itself rather than as a key.
 */
export function messageOr(key: string, fallback: string, t: Translate): string {
  return key in zhCN ? t(key as MessageKey) : fallback;
}
