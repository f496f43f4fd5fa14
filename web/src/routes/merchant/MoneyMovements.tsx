import { useQuery } from '@tanstack/react-query';
import { Skeleton, Tag, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { getMerchantMovements, type DepositTopUp, type MerchantPayout } from '../../api/standing';
import { enumLabel } from '../../components/case/labels';
import { ErrorResult } from '../../components/ErrorResult';
import { useI18n, type Language, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { Section, SectionTable } from './sections';

const PAYOUT_STATUS_COLORS: Record<string, string> = {
  pending: 'default',
  sent: 'processing',
  retrying: 'orange',
  succeeded: 'green',
  failed: 'red',
};

function payoutColumns(t: Translate, language: Language): TableColumnsType<MerchantPayout> {
  return [
    {
      key: 'amount',
      title: t('standing.col.amount'),
      render: (_: unknown, p) => <strong>{formatFen(p.amountFen)}</strong>,
    },
    {
      key: 'reason',
      title: t('standing.col.reason'),
      render: (_: unknown, p) => (
        <span>
          {enumLabel(t, 'standing.payoutReason', p.reason)}
          <div className="muted-small mono">{p.sourceId}</div>
        </span>
      ),
    },
    {
      key: 'status',
      title: t('standing.col.status'),
      render: (_: unknown, p) => (
        <span>
          <Tag color={PAYOUT_STATUS_COLORS[p.status] ?? 'default'}>
            {enumLabel(t, 'standing.payoutStatus', p.status)}
          </Tag>
          {p.failureCode ? <div className="muted-small mono">{p.failureCode}</div> : null}
        </span>
      ),
    },
    {
      key: 'at',
      title: t('standing.col.at'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
  ];
}

function topUpColumns(t: Translate, language: Language): TableColumnsType<DepositTopUp> {
  return [
    {
      key: 'amount',
      title: t('standing.col.amount'),
      render: (_: unknown, u) => <strong>{formatFen(u.amountFen)}</strong>,
    },
    {
      key: 'reference',
      title: t('standing.col.reference'),
      render: (_: unknown, u) => <span className="mono">{u.reference}</span>,
    },
    {
      key: 'at',
      title: t('standing.col.at'),
      dataIndex: 'occurredAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
  ];
}

/**
 * 打款记录 and 保证金缴纳记录: the money the platform paid to the merchant and the money the merchant paid into
 * its deposit. Loaded on its own, so a slow or failed list never hides the balances above it.
 */
export function MoneyMovements({ merchantId }: { merchantId: string }) {
  const { t, language } = useI18n();
  const query = useQuery({
    queryKey: ['merchant', merchantId, 'movements'],
    queryFn: ({ signal }) => getMerchantMovements(merchantId, signal),
  });
  const body = (render: (data: NonNullable<typeof query.data>) => ReactNode) =>
    query.isError ? (
      <ErrorResult
        title={t('standing.movements.loadError')}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    ) : query.data ? (
      render(query.data)
    ) : (
      <Skeleton active paragraph={{ rows: 2 }} />
    );
  return (
    <>
      <Section title={t('standing.payouts')}>
        {body((data) => (
          <SectionTable
            rows={data.payouts}
            columns={payoutColumns(t, language)}
            empty={t('standing.payouts.empty')}
            rowKey={(p) => p.id}
            testId="standing-payouts"
          />
        ))}
      </Section>
      <Section title={t('standing.topUps')}>
        {body((data) => (
          <SectionTable
            rows={data.topUps}
            columns={topUpColumns(t, language)}
            empty={t('standing.topUps.empty')}
            rowKey={(u) => u.entryId}
            testId="standing-top-ups"
          />
        ))}
      </Section>
    </>
  );
}
