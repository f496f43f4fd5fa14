import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Skeleton } from 'antd';
import { useNavigate } from 'react-router-dom';
import { listCases } from '../../api/cases';
import { CaseCard } from '../../components/case/CaseCard';
import { CASE_LISTS_KEY } from '../../components/case/use-case';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';

const PAGE_SIZE = 20;

/** 我的投诉: the consumer's complaints and refund requests, newest first, with what waits for them. */
export default function MyCasesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const cases = useInfiniteQuery({
    queryKey: [...CASE_LISTS_KEY, 'mine', PAGE_SIZE],
    queryFn: ({ pageParam, signal }) => listCases({ limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = cases.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeading title={t('myCases.title')} subtitle={t('myCases.subtitle')} />
      <section className="surface section-gap">
        {cases.isPending ? (
          <div className="card-pad">
            <Skeleton active />
          </div>
        ) : cases.isError && items.length === 0 ? (
          <ErrorResult
            title={t('myCases.loadError')}
            error={cases.error}
            onRetry={() => void cases.refetch()}
          />
        ) : items.length === 0 ? (
          <Empty className="card-pad" description={t('myCases.empty')}>
            <Button type="primary" onClick={() => void navigate('/orders')}>
              {t('myCases.empty.action')}
            </Button>
          </Empty>
        ) : (
          <div className="case-card-list" data-testid="case-list">
            {items.map((c) => (
              <CaseCard key={c.id} summary={c} href={`/complaints/${c.id}`} />
            ))}
          </div>
        )}
      </section>
      {items.length > 0 && cases.hasNextPage ? (
        <div className="list-footer">
          <Button onClick={() => void cases.fetchNextPage()} loading={cases.isFetchingNextPage}>
            {t('orders.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
