import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Empty, Segmented, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  getGuaranteeFund,
  listRecoveryClaims,
  RECOVERY_CLAIM_STATUSES,
  type RecoveryClaimItem,
  type RecoveryClaimStatus,
} from '../../api/money';
import { useCurrentUser } from '../../auth/current-user';
import { enumLabel } from '../../components/case/labels';
import { ErrorResult } from '../../components/ErrorResult';
import { KpiCards, type Kpi } from '../../components/KpiCards';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { CLAIM_STATUS_COLORS, CLAIMS_KEY, ClaimDrawer } from './ClaimDrawer';

const PAGE_SIZE = 50;
const fenCell = (fen: string) => <span className="mono">{formatFen(fen)}</span>;

function FundKpis({ t }: { t: Translate }) {
  const fund = useQuery({ queryKey: ['money', 'fund'], queryFn: ({ signal }) => getGuaranteeFund(signal) });
  if (!fund.data) return null;
  const f = fund.data;
  const items: Kpi[] = [
    { key: 'balance', title: t('claims.fund.balance'), value: formatFen(f.balanceFen) },
    {
      key: 'outstanding',
      title: t('claims.fund.outstanding'),
      value: formatFen(f.advancesOutstandingFen),
      danger: BigInt(f.advancesOutstandingFen) > 0n,
    },
    { key: 'available', title: t('claims.fund.available'), value: formatFen(f.availableFen) },
    { key: 'platform', title: t('claims.fund.platform'), value: formatFen(f.platformAdvancesFen) },
  ];
  return <KpiCards items={items} testIdPrefix="fund" gutter={12} />;
}

/**
 * 追偿债权 (supervisor, admin): the guarantee fund's figures and every claim on a merchant — advanced,
 * recovered, written off, still owed — newest first, filtered by status; a claim opens in a drawer with its
 * history, where a supervisor writes off some or all of it.
 */
export default function RecoveryClaimsPage() {
  const { t, language } = useI18n();
  const me = useCurrentUser();
  const [status, setStatus] = useState<RecoveryClaimStatus | 'all'>('open');
  const [openId, setOpenId] = useState<string | null>(null);
  const claims = useInfiniteQuery({
    queryKey: [...CLAIMS_KEY, 'list', status],
    queryFn: ({ pageParam, signal }) =>
      listRecoveryClaims(
        { status: status === 'all' ? undefined : status, cursor: pageParam, limit: PAGE_SIZE },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = claims.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: TableColumnsType<RecoveryClaimItem> = [
    {
      key: 'merchant',
      title: t('claims.col.merchant'),
      render: (_: unknown, c) =>
        me.permissions.includes('money:withdraw') ? (
          <Link to={`/admin/merchants/${encodeURIComponent(c.merchantId)}/money`}>
            {c.merchantName ?? c.merchantId}
          </Link>
        ) : (
          (c.merchantName ?? c.merchantId)
        ),
    },
    {
      key: 'status',
      title: t('claims.col.status'),
      render: (_: unknown, c) => (
        <Tag color={CLAIM_STATUS_COLORS[c.status]}>{enumLabel(t, 'standing.claimStatus', c.status)}</Tag>
      ),
    },
    { key: 'amount', title: t('claims.col.amount'), dataIndex: 'amountFen', align: 'right', render: fenCell },
    {
      key: 'recovered',
      title: t('claims.col.recovered'),
      dataIndex: 'recoveredFen',
      align: 'right',
      render: fenCell,
    },
    {
      key: 'writtenOff',
      title: t('claims.col.writtenOff'),
      dataIndex: 'writtenOffFen',
      align: 'right',
      render: fenCell,
    },
    {
      key: 'owed',
      title: t('claims.col.owed'),
      dataIndex: 'owedFen',
      align: 'right',
      render: (fen: string) => <strong className="mono">{formatFen(fen)}</strong>,
    },
    {
      key: 'created',
      title: t('claims.col.created'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
    {
      key: 'actions',
      title: t('admin.actions'),
      render: (_: unknown, c) => (
        <Button
          type="link"
          onClick={() => setOpenId(c.id)}
          aria-label={t('claims.viewOf', { merchant: c.merchantName ?? c.merchantId })}
        >
          {t('claims.view')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <PageHeading title={t('claims.title')} subtitle={t('claims.subtitle')} />
      <FundKpis t={t} />
      <section className="surface section-gap card-pad" data-testid="claims">
        <Segmented<RecoveryClaimStatus | 'all'>
          aria-label={t('claims.filter.label')}
          className="toolbar"
          value={status}
          onChange={setStatus}
          options={[
            ...RECOVERY_CLAIM_STATUSES.map((s) => ({
              value: s,
              label: enumLabel(t, 'standing.claimStatus', s),
            })),
            { value: 'all' as const, label: t('claims.filter.all') },
          ]}
        />
        {claims.isError && items.length === 0 ? (
          <ErrorResult
            title={t('claims.loadError')}
            error={claims.error}
            onRetry={() => void claims.refetch()}
          />
        ) : (
          <>
            <Table<RecoveryClaimItem>
              rowKey="id"
              columns={columns}
              dataSource={items}
              loading={claims.isPending}
              pagination={false}
              size="middle"
              scroll={{ x: 'max-content' }}
              locale={{
                emptyText: <Empty description={t('claims.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />,
              }}
            />
            {claims.hasNextPage ? (
              <div className="list-footer">
                <Button onClick={() => void claims.fetchNextPage()} loading={claims.isFetchingNextPage}>
                  {t('claims.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
      {openId ? <ClaimDrawer claimId={openId} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
