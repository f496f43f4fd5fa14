import type { MessageKey } from '../../i18n';

/** The greeting for the hour of the day on the user's device. */
export function greetingKey(hour: number): MessageKey {
  if (hour >= 5 && hour < 12) return 'home.greeting.morning';
  if (hour >= 12 && hour < 18) return 'home.greeting.afternoon';
  return 'home.greeting.evening';
}
