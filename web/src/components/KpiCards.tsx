import { Card, Col, Row, Statistic } from 'antd';

/** One headline figure: its title, the value as shown, an optional line under it, red when it is bad news. */
export type Kpi = { key: string; title: string; value: string | number; detail?: string; danger?: boolean };

/**
 * A row of headline figures (two per row on a phone, four on a desktop), as the dashboard, the consistency
 * report and the merchant's standing show them. `testIdPrefix` names each card `<prefix>-<key>` for tests.
 */
export function KpiCards({
  items,
  testIdPrefix,
  gutter = 16,
  className,
}: {
  items: Kpi[];
  testIdPrefix: string;
  gutter?: number;
  className?: string;
}) {
  return (
    <Row gutter={[gutter, gutter]} className={['section-gap', className].filter(Boolean).join(' ')}>
      {items.map((item) => (
        <Col key={item.key} xs={12} lg={6}>
          <Card className="kpi-card" data-testid={`${testIdPrefix}-${item.key}`}>
            <Statistic
              title={item.title}
              value={item.value}
              styles={{ content: { color: item.danger ? '#b42318' : '#101828', fontWeight: 600 } }}
            />
            {item.detail ? <div className="muted-small kpi-card__detail">{item.detail}</div> : null}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
