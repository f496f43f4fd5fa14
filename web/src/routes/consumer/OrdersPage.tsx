import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Skeleton } from 'antd';
import { listOrders } from '../../api/orders';
import { ErrorResult } from '../../components/ErrorResult';
import { OrderCard } from '../../components/OrderCard';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';

const PAGE_SIZE = 20;

/** All of the consumer's orders, newest first, a page at a time. */
export default function OrdersPage() {
  const { t } = useI18n();
  const orders = useInfiniteQuery({
    queryKey: ['orders', 'all', PAGE_SIZE],
    queryFn: ({ pageParam, signal }) => listOrders({ limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeading title={t('orders.title')} />
      <section className="surface section-gap">
        {orders.isPending ? (
          <div className="card-pad">
            <Skeleton active />
          </div>
        ) : orders.isError && items.length === 0 ? (
          <ErrorResult
            title={t('orders.loadError')}
            error={orders.error}
            onRetry={() => void orders.refetch()}
          />
        ) : items.length === 0 ? (
          <Empty className="card-pad" description={t('orders.empty')} />
        ) : (
          <div className="order-list" data-testid="order-list">
            {items.map((order) => (
              <OrderCard key={order.id} order={order} />
            ))}
          </div>
        )}
      </section>
      {items.length > 0 ? (
        <div className="list-footer">
          {orders.hasNextPage ? (
            <Button onClick={() => void orders.fetchNextPage()} loading={orders.isFetchingNextPage}>
              {t('orders.loadMore')}
            </Button>
          ) : (
            <span className="muted-small">{t('orders.noMore')}</span>
          )}
        </div>
      ) : null}
    </>
  );
}
