import type { FormInstance } from 'antd';
import { ApiError, type FieldProblem } from './problem';

type NamePath = (string | number)[];

/** `items.0.amountFen` → `['items', 0, 'amountFen']` (antd's NamePath; numeric segments index lists). */
export function pathToNamePath(path: string): NamePath {
  return path
    .split('.')
    .filter((segment) => segment !== '')
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function key(name: NamePath): string {
  return JSON.stringify(name.map(String));
}

export type AppliedProblem = {
  /** Problems that matched no field of the form, to show in a form-level alert. */
  unmatched: FieldProblem[];
  /** True when at least one message landed on a field. */
  matchedAny: boolean;
};

/**
 * Puts the server's field problems (`errors[]` of a problem document) onto the matching antd Form fields,
 * grouping several messages for one field. `aliases` maps a server path to a form field when they differ.
 * Anything that is not an ApiError, or has no `errors[]`, leaves the form untouched.
 */
export function applyProblemToForm(
  form: FormInstance,
  error: unknown,
  aliases: Record<string, NamePath> = {},
): AppliedProblem {
  if (!(error instanceof ApiError)) return { unmatched: [], matchedAny: false };
  const registered = new Set(form.getFieldsError().map((field) => key(field.name)));
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const unmatched: FieldProblem[] = [];
  for (const problem of error.fieldErrors) {
    const name = aliases[problem.path] ?? pathToNamePath(problem.path);
    const k = key(name);
    if (name.length === 0 || !registered.has(k)) {
      unmatched.push(problem);
      continue;
    }
    const entry = byField.get(k) ?? { name, errors: [] };
    entry.errors.push(problem.message);
    byField.set(k, entry);
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  return { unmatched, matchedAny: byField.size > 0 };
}
