import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Table, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router-dom';
import { listCases, type CaseSummary, type Queue } from '../../api/cases';
import { useI18n } from '../../i18n';
import { ErrorResult } from '../ErrorResult';
import { CASE_LISTS_KEY } from './use-case';

const PAGE_SIZE = 20;

/**
 * A queue of cases as a dense table with cursor paging ("load more"). Rows open the case; the number column
 * is a real link for keyboard users.
 */
export function CaseTable({
  queue,
  columns,
  hrefFor,
  testId,
}: {
  queue: Queue;
  columns: TableColumnsType<CaseSummary>;
  hrefFor: (c: CaseSummary) => string;
  testId?: string;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const cases = useInfiniteQuery({
    queryKey: [...CASE_LISTS_KEY, 'queue', queue, PAGE_SIZE],
    queryFn: ({ pageParam, signal }) => listCases({ queue, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 60_000,
  });
  const items = cases.data?.pages.flatMap((page) => page.items) ?? [];

  if (cases.isError && items.length === 0)
    return (
      <ErrorResult title={t('queue.loadError')} error={cases.error} onRetry={() => void cases.refetch()} />
    );

  return (
    <>
      <Table<CaseSummary>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={cases.isPending}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('queue.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        onRow={(record) => ({
          onClick: (event) => {
            if ((event.target as HTMLElement).closest('a, button')) return;
            void navigate(hrefFor(record));
          },
          className: 'clickable-row',
        })}
        data-testid={testId}
      />
      {items.length > 0 ? (
        <div className="list-footer">
          {cases.hasNextPage ? (
            <Button onClick={() => void cases.fetchNextPage()} loading={cases.isFetchingNextPage}>
              {t('queue.loadMore')}
            </Button>
          ) : (
            <span className="muted-small">{t('queue.noMore')}</span>
          )}
        </div>
      ) : null}
    </>
  );
}
