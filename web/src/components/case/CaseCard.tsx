import { ClockCircleOutlined, RightOutlined, ShopOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { CaseSummary } from '../../api/cases';
import { useI18n } from '../../i18n';
import { formatDateTime, formatDeadline } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { categoryLabel, deadlineKindLabel, kindLabel, remedyLabel, stageColor, stageLabel } from './labels';
import { currentDeadline, useCase } from './use-case';

/**
 * One of the consumer's cases as a card: what it is about, its stage, and — from the case itself, since the
 * list rows do not carry it — the merchant, whether it waits for the consumer and the deadline.
 */
export function CaseCard({ summary, href }: { summary: CaseSummary; href: string }) {
  const { t, language } = useI18n();
  const detail = useCase(summary.id);
  const c = detail.data;
  const yourMove = c?.viewer.state === 'your_move';
  const deadline = c && !c.closedAt ? currentDeadline(c) : undefined;
  return (
    <Link to={href} className={`case-card-link${yourMove ? ' is-your-move' : ''}`} data-testid="case-card">
      <article aria-label={summary.title}>
        <div className="case-card-link__top">
          <span className="case-card-link__merchant">
            <ShopOutlined aria-hidden /> {c?.respondent.name ?? kindLabel(t, summary.kind)}
          </span>
          <Tag color={stageColor(summary.stage)} className="case-card-link__stage">
            {stageLabel(t, summary.stage)}
          </Tag>
        </div>
        <div className="case-card-link__title">{summary.title}</div>
        <div className="case-card-link__meta muted-small">
          {kindLabel(t, summary.kind)} · {categoryLabel(t, summary.category)} · {summary.number}
        </div>
        <div className="case-card-link__bottom">
          <span>
            <span className="muted-small">{remedyLabel(t, summary.requestedRemedy)}</span>{' '}
            <strong>{formatFen(summary.requestedAmountFen)}</strong>
          </span>
          <span className="muted-small">{formatDateTime(summary.createdAt, language, false)}</span>
        </div>
        {yourMove || deadline?.dueAt ? (
          <div className="case-card-link__due">
            {yourMove ? <Tag color="orange">{t('myCases.yourMove')}</Tag> : null}
            {deadline?.dueAt ? (
              <span className="muted-small">
                <ClockCircleOutlined aria-hidden />{' '}
                {t('banner.dueAt', {
                  kind: deadlineKindLabel(t, deadline.kind),
                  time: formatDeadline(deadline.dueAt, language),
                })}
              </span>
            ) : null}
            <RightOutlined aria-hidden className="case-card-link__chevron" />
          </div>
        ) : null}
      </article>
    </Link>
  );
}
