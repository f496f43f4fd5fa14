import type { FormInstance } from 'antd';
import type { PublishProblem } from '../../api/policy';
import type { Language } from '../../i18n';

/**
 * The admin's draft of a policy version as a form holds it, and back: pure helpers of PolicyDraftDrawer.
 */

/** The pack fields the form edits on their own; the rest of the pack is the JSON below them. */
export type Draft = { version: number; effectiveFrom: string; orderScope: string; content: string };
export type ContentProblem = { path: string; message: string; line: number | undefined };
export type Pack = Record<string, unknown>;

// Which form field a publish-check problem is about (server publish-check.ts codes).
const PROBLEM_FIELD: Record<string, keyof Draft> = {
  version_not_increased: 'version',
  effective_before_previous: 'effectiveFrom',
  narrowing_effective_in_past: 'effectiveFrom',
  narrowing_for_existing_orders: 'orderScope',
  narrows_earlier_version: 'orderScope',
};
export const FIELD_ALIASES = {
  'pack.version': ['version'],
  'pack.effectiveFrom': ['effectiveFrom'],
  'pack.orderScope': ['orderScope'],
};

/** Beijing wall time 'YYYY-MM-DDTHH:mm' of an instant (the pack's times are read and written in +08:00). */
export function beijingWallTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** A whole pack as the editor shows it: the three fields of the form, the rest as indented JSON. */
export function toDraft(pack: Pack, version: number, effectiveFrom: string): Draft {
  const { version: _v, effectiveFrom: _e, orderScope, ...rest } = pack;
  return {
    version,
    effectiveFrom,
    orderScope: typeof orderScope === 'string' ? orderScope : 'all_orders',
    content: JSON.stringify(rest, null, 2),
  };
}

/** The candidate to send, or a syntax problem in the JSON with its line. */
export function fromDraft(d: Draft): { pack: Pack } | { syntax: unknown } {
  let rest: unknown;
  try {
    rest = JSON.parse(d.content);
  } catch (syntax) {
    return { syntax };
  }
  const body = typeof rest === 'object' && rest !== null && !Array.isArray(rest) ? (rest as Pack) : {};
  return {
    pack: {
      ...body,
      version: d.version,
      effectiveFrom: `${d.effectiveFrom}:00+08:00`,
      orderScope: d.orderScope,
    },
  };
}

/** Publish-check problems onto their fields; what belongs to no field is returned for the JSON's list. */
export function placeCheckProblems(
  form: FormInstance<Draft>,
  problems: PublishProblem[],
  language: Language,
) {
  const byField = new Map<keyof Draft, string[]>();
  const rest: ContentProblem[] = [];
  for (const p of problems) {
    const field = PROBLEM_FIELD[p.code];
    const message = language === 'en' ? p.message.en : p.message.zh;
    if (field) byField.set(field, [...(byField.get(field) ?? []), message]);
    else rest.push({ path: '', message, line: undefined });
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}
