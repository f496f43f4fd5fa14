import { Empty, Space, Tag } from 'antd';
import type { RightsChange } from '../../api/policy';
import { localText } from '../../components/case/Recommendation';
import { useI18n } from '../../i18n';

/** A value of a rights change as an operator reads it: amounts and periods as the pack holds them. */
function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** The consumer-rights changes between two versions, narrowing ones marked (policies.md §6). */
export function ChangeList({ changes }: { changes: RightsChange[] }) {
  const { t, language } = useI18n();
  if (changes.length === 0) return <Empty description={t('policyAdmin.noChanges')} />;
  return (
    <ul className="rec-remedies" data-testid="rights-diff">
      {changes.map((c) => (
        <li
          key={`${c.area}-${c.key}`}
          className={`diff-change${c.narrowing ? ' diff-change--narrowing' : ''}`}
          data-testid="rights-change"
        >
          <Space wrap size={6}>
            <Tag color={c.narrowing ? 'error' : 'default'}>
              {c.narrowing ? t('policyAdmin.change.narrowing') : t('policyAdmin.change.widening')}
            </Tag>
            <strong>{localText(c.message, language)}</strong>
            {c.clause ? <span className="rec-clause">{c.clause}</span> : null}
          </Space>
          <div className="muted-small">
            {c.area} · {c.key} — {t('policyAdmin.before')}：{showValue(c.before)} → {t('policyAdmin.after')}：
            {showValue(c.after)}
          </div>
        </li>
      ))}
    </ul>
  );
}
