import type { WindowOwner, WindowTarget } from './policy-parts.schema.js';

/** How a window changed in length: `mixed` when it may be longer for some start days and shorter for others. */
export type LengthChange = 'same' | 'longer' | 'shorter' | 'mixed';

// The longest run of consecutive non-working days in a mainland year (春节 or 国庆 with the weekend).
const LONGEST_BREAK_DAYS = 9;

/** The shortest and longest a window can be, in days, whatever day it starts on. */
export function spanDays(t: WindowTarget): [number, number] {
  const extension = t.extendPastHoliday === false ? 0 : LONGEST_BREAK_DAYS;
  switch (t.unit) {
    case 'hours':
      return [t.amount / 24, t.amount / 24];
    case 'calendar_days':
      return [t.amount, t.amount + extension];
    case 'working_days':
      return t.amount === 0
        ? [0, 0]
        : [t.amount, t.amount + 2 * Math.ceil(t.amount / 5) + LONGEST_BREAK_DAYS];
    case 'months':
      return [28 * t.amount, 31 * t.amount + extension];
  }
}

const EXTEND_RANK = (v: boolean | undefined): number => (v === false ? 0 : v === undefined ? 1 : 2);

/**
 * Compares two window lengths. Same unit: by amount, then by the Art. 203 flag (an explicit `false` <
 * the pack default < `true`). Different units: longer only when the new window's shortest case is at
 * least the old one's longest, shorter in the opposite case, otherwise mixed.
 */
export function compareLength(before: WindowTarget, after: WindowTarget): LengthChange {
  if (before.unit === after.unit) {
    if (after.amount !== before.amount) return after.amount > before.amount ? 'longer' : 'shorter';
    const diff = EXTEND_RANK(after.extendPastHoliday) - EXTEND_RANK(before.extendPastHoliday);
    return diff === 0 ? 'same' : diff > 0 ? 'longer' : 'shorter';
  }
  const [oldMin, oldMax] = spanDays(before);
  const [newMin, newMax] = spanDays(after);
  if (newMin >= oldMax) return 'longer';
  if (newMax <= oldMin) return 'shorter';
  return 'mixed';
}

/**
 * Whether a length change takes something from consumers, given who must act within the window: a
 * shorter claimant window or escrow, a longer respondent or platform period, and any change at all to a
 * period either party may be bound by; a `mixed` change counts as narrowing whenever a side could lose.
 */
export function isNarrowing(owner: WindowOwner, change: LengthChange): boolean {
  if (change === 'same') return false;
  if (change === 'mixed' || owner === 'either_party') return true;
  const longerIsBetter = owner === 'claimant' || owner === 'escrow';
  return longerIsBetter ? change === 'shorter' : change === 'longer';
}
