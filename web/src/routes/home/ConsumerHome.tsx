import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Skeleton } from 'antd';
import { Link } from 'react-router-dom';
import { listCases } from '../../api/cases';
import { listOrders } from '../../api/orders';
import { useCurrentUser } from '../../auth/current-user';
import { CaseCard } from '../../components/case/CaseCard';
import { CASE_LISTS_KEY } from '../../components/case/use-case';
import { ErrorResult } from '../../components/ErrorResult';
import { OrderCard } from '../../components/OrderCard';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';
import { greetingKey } from './greeting';

const RECENT = 5;
const RECENT_CASES = 3;

/** The consumer's latest complaints, when there are any; nothing at all otherwise. */
function RecentCases() {
  const { t } = useI18n();
  const cases = useQuery({
    queryKey: [...CASE_LISTS_KEY, 'recent', RECENT_CASES],
    queryFn: ({ signal }) => listCases({ limit: RECENT_CASES }, signal),
  });
  if (!cases.data || cases.data.items.length === 0) return null;
  return (
    <Card
      className="section-gap"
      title={<h2 className="card-heading">{t('myCases.recent')}</h2>}
      extra={
        <Link to="/complaints">
          {t('myCases.viewAll')} <RightOutlined aria-hidden />
        </Link>
      }
      styles={{ body: { padding: 0 } }}
    >
      <div className="case-card-list">
        {cases.data.items.map((c) => (
          <CaseCard key={c.id} summary={c} href={`/complaints/${c.id}`} />
        ))}
      </div>
    </Card>
  );
}

/** The consumer's home: a greeting, their complaints in progress, and the most recent orders. */
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
      <RecentCases />
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
