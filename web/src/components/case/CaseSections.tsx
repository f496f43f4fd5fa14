import type { UseQueryResult } from '@tanstack/react-query';
import { Card, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import type { CaseDetail } from '../../api/cases';
import { ApiError } from '../../api/problem';
import { useI18n } from '../../i18n';
import { ErrorResult } from '../ErrorResult';
import { OutcomeFacts } from './CaseFacts';
import { CaseMoneySection } from './CaseMoney';
import { CaseOffers } from './CaseOffers';

/** One titled card of a case page (party page and staff workspace alike). */
export function CaseSection({
  title,
  children,
  extra,
  testId,
}: {
  title: string;
  children: ReactNode;
  extra?: ReactNode;
  testId?: string;
}) {
  return (
    <Card
      className="case-card"
      size="small"
      title={<h2 className="card-heading">{title}</h2>}
      extra={extra}
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

/**
 * What a case page shows until its case is loaded: a skeleton while it loads, else the error — "not found"
 * for a 404 (another party's case looks like none), with a retry for anything else.
 */
export function CaseLoadState({
  query,
  rows,
}: {
  query: UseQueryResult<CaseDetail>;
  /** Skeleton rows, roughly the page's length. */
  rows: number;
}) {
  const { t } = useI18n();
  if (!query.isError)
    return (
      <div className="surface card-pad">
        <Skeleton active paragraph={{ rows }} />
      </div>
    );
  const notFound = query.error instanceof ApiError && query.error.status === 404;
  return (
    <div className="surface">
      <ErrorResult
        title={notFound ? t('case.notFound') : t('case.loadError')}
        error={query.error}
        onRetry={notFound ? undefined : () => void query.refetch()}
      />
    </div>
  );
}

/**
 * Where a case stands on its result, in the same order for parties and staff: the outcome and its money once
 * there is one (staff also see where the money comes from), and the offers of mediation.
 */
export function CaseResultSections({ c, staff = false }: { c: CaseDetail; staff?: boolean }) {
  const { t } = useI18n();
  const hasOutcome = Object.keys(c.outcome).length > 0;
  const showOffers = c.stage === 'mediation' || c.offers.length > 0;
  return (
    <>
      {hasOutcome ? (
        <CaseSection title={t('case.outcome')} testId="case-outcome">
          <OutcomeFacts c={c} />
        </CaseSection>
      ) : null}
      {hasOutcome ? (
        <CaseSection title={t('money.title')} testId="case-money-section">
          <CaseMoneySection caseId={c.id} staff={staff} />
        </CaseSection>
      ) : null}
      {showOffers ? (
        <CaseSection title={t('offers.title')}>
          <CaseOffers c={c} />
        </CaseSection>
      ) : null}
    </>
  );
}
