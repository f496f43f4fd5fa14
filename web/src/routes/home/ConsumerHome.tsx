import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Skeleton } from 'antd';
import { Link } from 'react-router-dom';
import { listOrders } from '../../api/orders';
import { useCurrentUser } from '../../auth/current-user';
import { ErrorResult } from '../../components/ErrorResult';
import { OrderCard } from '../../components/OrderCard';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';
import { greetingKey } from './greeting';

const RECENT = 5;

/** The consumer's home: a greeting, what is coming, and the most recent orders. */
export default function ConsumerHome() {
  const user = useCurrentUser();
  const { t } = useI18n();
  const orders = useQuery({
    queryKey: ['orders', 'recent', RECENT],
    queryFn: ({ signal }) => listOrders({ limit: RECENT }, signal),
  });

  return (
    <>
      <PageHeading
        title={t(greetingKey(new Date().getHours()), { name: user.displayName })}
        subtitle={t('home.consumer.subtitle')}
        documentTitle={t('nav.home')}
      />
      <Alert
        type="info"
        showIcon
        className="section-gap"
        title={t('home.consumer.casesSoon.title')}
        description={t('home.consumer.casesSoon.body')}
      />
      <Card
        className="section-gap"
        title={<h2 className="card-heading">{t('home.consumer.recentOrders')}</h2>}
        extra={
          <Link to="/orders">
            {t('home.consumer.viewAll')} <RightOutlined aria-hidden />
          </Link>
        }
        styles={{ body: { padding: 0 } }}
      >
        {orders.isPending ? (
          <div className="card-pad">
            <Skeleton active />
          </div>
        ) : orders.isError ? (
          <ErrorResult
            title={t('orders.loadError')}
            error={orders.error}
            onRetry={() => void orders.refetch()}
          />
        ) : orders.data.items.length === 0 ? (
          <Empty className="card-pad" description={t('orders.empty')} />
        ) : (
          <div className="order-list" data-testid="order-list">
            {orders.data.items.map((order) => (
              <OrderCard key={order.id} order={order} />
            ))}
          </div>
        )}
      </Card>
    </>
  );
}
