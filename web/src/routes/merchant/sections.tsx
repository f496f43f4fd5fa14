import { Card, Empty, Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';

/** A titled card of the merchant's money pages. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card title={title} className="section-gap" size="small">
      {children}
    </Card>
  );
}

/** A compact table that scrolls sideways on a phone and says in words when it has no rows. */
export function SectionTable<T extends object>({
  rows,
  columns,
  empty,
  rowKey,
  testId,
}: {
  rows: T[];
  columns: TableColumnsType<T>;
  empty: string;
  rowKey: (row: T, index?: number) => string;
  testId: string;
}) {
  return (
    <Table<T>
      rowKey={rowKey}
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10 } : false}
      size="small"
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={empty} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
      data-testid={testId}
    />
  );
}
