import type { LocalizedText } from '../../http/errors.js';
import type { AmountRule, RemedyRule, WindowRule } from './policy-parts.schema.js';
import { describeAmount, describeTarget, labelOf } from './rights-labels.js';
import { compareLength, isNarrowing } from './window-compare.js';

/** One difference between two versions of a pack, from the consumer's side. */
export type RightsChange = {
  area:
    | 'window'
    | 'lifecycle'
    | 'remedy'
    | 'amount'
    | 'exclusion'
    | 'evidence'
    | 'setting'
    | 'consequence'
    | 'sla'
    | 'fast_track'
    | 'pack';
  key: string;
  change: 'shortened' | 'lengthened' | 'added' | 'removed' | 'raised' | 'lowered' | 'changed';
  /** True when the change takes something away from consumers (or may, for some cases). */
  narrowing: boolean;
  before: string | null;
  after: string | null;
  clause: string | null;
  message: LocalizedText;
};

/** Which part of a pack a change is in. */
export type Area = RightsChange['area'];
/** A pack section as a plain record. */
export type Entry = Record<string, unknown>;

/** A change record. */
export function change(
  area: Area,
  key: string,
  kind: RightsChange['change'],
  narrowing: boolean,
  before: string | null,
  after: string | null,
  clause: string | null,
  message: LocalizedText,
): RightsChange {
  return { area, key, change: kind, narrowing, before, after, clause, message };
}

/** Keys of either record, once each. */
export function keysOf(a: Entry, b: Entry): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

/** Windows (or lifecycle periods, SLA targets) shortened, lengthened, added or removed. */
export function diffWindows(area: Area, before: Entry, after: Entry): RightsChange[] {
  const out: RightsChange[] = [];
  for (const key of keysOf(before, after)) {
    const a = before[key] as WindowRule | undefined;
    const b = after[key] as WindowRule | undefined;
    const label = labelOf(key);
    if (!a || !b) {
      const rule = (a ?? b) as WindowRule;
      out.push(
        change(
          area,
          key,
          a ? 'removed' : 'added',
          Boolean(a),
          a ? describeTarget(a.target).en : null,
          b ? describeTarget(b.target).en : null,
          rule.clause,
          {
            zh: `${label.zh}期限${a ? '被删除' : '新增'}`,
            en: `${label.en} period ${a ? 'removed' : 'added'}`,
          },
        ),
      );
      continue;
    }
    const length = compareLength(a.target, b.target);
    const ownerChanged = a.owner !== b.owner;
    if (length === 'same' && !ownerChanged) continue;
    const narrowing = ownerChanged || isNarrowing(b.owner, length);
    const kind = length === 'longer' ? 'lengthened' : length === 'shorter' ? 'shortened' : 'changed';
    const [from, to] = [describeTarget(a.target), describeTarget(b.target)];
    const verb = {
      lengthened: ['延长为', 'lengthened to'],
      shortened: ['缩短为', 'shortened to'],
      changed: ['改为', 'changed to'],
    }[kind];
    out.push(
      change(area, key, kind, narrowing, from.en, to.en, b.clause, {
        zh: `${label.zh}期限由 ${from.zh} ${verb[0]} ${to.zh}${ownerChanged ? `（义务方由 ${a.owner} 改为 ${b.owner}）` : ''}`,
        en: `${label.en}: ${from.en} ${verb[1]} ${to.en}${ownerChanged ? ` (owner ${a.owner} → ${b.owner})` : ''}`,
      }),
    );
  }
  return out;
}

/** Remedies and evidence rules: removing one narrows; for exclusions the opposite (adding one narrows). */
export function diffPresence(
  area: Area,
  before: Entry,
  after: Entry,
  removalNarrows: boolean,
): RightsChange[] {
  const out: RightsChange[] = [];
  for (const key of keysOf(before, after)) {
    const a = before[key] as (Partial<RemedyRule> & { clause: string }) | undefined;
    const b = after[key] as (Partial<RemedyRule> & { clause: string }) | undefined;
    const label = labelOf(key);
    if (a && !b) {
      out.push(
        change(area, key, 'removed', removalNarrows, a.outcome ?? 'on', null, a.clause, {
          zh: `删除：${label.zh}`,
          en: `Removed: ${label.en}`,
        }),
      );
    } else if (!a && b) {
      out.push(
        change(area, key, 'added', !removalNarrows, null, b.outcome ?? 'on', b.clause, {
          zh: `新增：${label.zh}`,
          en: `Added: ${label.en}`,
        }),
      );
    } else if (a && b && a.outcome !== b.outcome) {
      out.push(
        change(area, key, 'changed', true, a.outcome ?? null, b.outcome ?? null, b.clause, {
          zh: `${label.zh}的处理结果由 ${a.outcome} 改为 ${b.outcome}`,
          en: `${label.en}: outcome ${a.outcome} → ${b.outcome}`,
        }),
      );
    }
  }
  return out;
}

function magnitude(a: AmountRule): bigint {
  switch (a.type) {
    case 'multiplier':
      return BigInt(a.times);
    case 'minimum':
      return a.fen;
    case 'rate':
    case 'deduction_cap':
      return BigInt(a.basisPoints);
  }
}

/** Multipliers, minimums and rates lowered, or deduction caps raised, narrow. */
export function diffAmounts(before: Entry, after: Entry): RightsChange[] {
  const out: RightsChange[] = [];
  for (const key of keysOf(before, after)) {
    const a = before[key] as AmountRule | undefined;
    const b = after[key] as AmountRule | undefined;
    const label = labelOf(key);
    if (!a || !b || a.type !== b.type) {
      out.push(
        change(
          'amount',
          key,
          'changed',
          true,
          a ? describeAmount(a) : null,
          b ? describeAmount(b) : null,
          (b ?? a)?.clause ?? null,
          { zh: `${label.zh}已变更`, en: `${label.en} changed` },
        ),
      );
      continue;
    }
    const [x, y] = [magnitude(a), magnitude(b)];
    if (x === y) continue;
    const raised = y > x;
    const narrowing = a.type === 'deduction_cap' ? raised : !raised;
    out.push(
      change(
        'amount',
        key,
        raised ? 'raised' : 'lowered',
        narrowing,
        describeAmount(a),
        describeAmount(b),
        b.clause,
        {
          zh: `${label.zh}由 ${describeAmount(a)} ${raised ? '提高' : '降低'}为 ${describeAmount(b)}`,
          en: `${label.en} ${raised ? 'raised' : 'lowered'} from ${describeAmount(a)} to ${describeAmount(b)}`,
        },
      ),
    );
  }
  return out;
}
