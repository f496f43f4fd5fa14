/** A problem the pack schema cannot express as a shape: a path into the pack and what is wrong. */
export type PackIssue = { path: (string | number)[]; message: string };

// SLA targets carry the deadlines module's free-text clause labels ('31huiyi §(四)2 (24小时内…)'), not ids.
const FREE_TEXT_CLAUSES = new Set(['slaTargets', 'slaOverrides']);

/**
 * Cross-field checks of a pack: clause ids are unique; every `clause` named by a rule, window, amount,
 * exclusion, setting or consequence is listed in `clauses`; an event-ticket pack's default refund window N
 * is not below its minimum, and neither is below 7 days (seed 000 §2.1 a).
 */
export function checkPackReferences(pack: {
  kind: string;
  clauses: readonly { id: string }[];
  settings: object;
}): PackIssue[] {
  const issues: PackIssue[] = [];
  const ids = new Set<string>();
  pack.clauses.forEach((clause, i) => {
    if (ids.has(clause.id))
      issues.push({ path: ['clauses', i, 'id'], message: `duplicate clause id ${clause.id}` });
    ids.add(clause.id);
  });
  walk(pack, [], (path, id) => {
    if (!ids.has(id)) issues.push({ path, message: `clause ${id} is not listed in clauses` });
  });
  if (pack.kind === 'event_ticket') issues.push(...checkRefundWindow(pack.settings));
  return issues;
}

function walk(
  value: unknown,
  path: (string | number)[],
  visit: (path: (string | number)[], id: string) => void,
) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, i], visit));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (FREE_TEXT_CLAUSES.has(key) || (path.length === 0 && key === 'clauses')) continue;
    if (key === 'clause' && typeof child === 'string') visit([...path, key], child);
    else walk(child, [...path, key], visit);
  }
}

function checkRefundWindow(settings: object): PackIssue[] {
  const s = settings as {
    minRefundWindowDays?: { value: number };
    defaultRefundWindowDays?: { value: number };
  };
  const min = s.minRefundWindowDays?.value ?? 7;
  const dflt = s.defaultRefundWindowDays?.value ?? 7;
  if (dflt >= min) return [];
  return [
    {
      path: ['settings', 'defaultRefundWindowDays', 'value'],
      message: `the default refund window (${dflt} days) is below the pack's minimum (${min} days)`,
    },
  ];
}
