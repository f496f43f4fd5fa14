import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { useMemo } from 'react';
import { KpiCards, type Kpi } from '../../components/KpiCards';
import { getOverview, type Overview } from '../../api/reports';
import { CHART_COLORS, EChart, type ChartOption } from '../../components/charts/EChart';
import { categoryLabel, deadlineKindLabel, enumLabel } from '../../components/case/labels';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type Translate } from '../../i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import { addDays, PeriodPicker, usePeriod } from './period';

/** Every day of the period with its count (days without filings show as 0, so the line does not lie). */
function dailySeries(o: Overview): [string, number][] {
  const counts = new Map(o.byDay.map((d) => [d.date, d.count]));
  const days: [string, number][] = [];
  for (let d = o.from; d <= o.to && days.length < 400; d = addDays(d, 1)) days.push([d, counts.get(d) ?? 0]);
  return days;
}

const AXIS = { axisLine: { lineStyle: { color: '#c9d1de' } }, axisLabel: { color: '#4a5568' } };
const VALUE_AXIS = {
  type: 'value' as const,
  minInterval: 1,
  ...AXIS,
  splitLine: { lineStyle: { color: '#eef1f6' } },
};
const GRID = { left: 8, right: 24, top: 16, bottom: 8, containLabel: true };

type Panel = {
  key: string;
  title: string;
  hint?: string;
  option: ChartOption;
  label: string;
  span: number;
  height: number;
};

function charts(o: Overview, t: Translate, narrow: boolean): Panel[] {
  const listLabel = (title: string, items: { name: string; value: number }[]) =>
    t('dashboard.aria.list', {
      title,
      items: items.map((i) => `${i.name} ${t('dashboard.count', { count: i.value })}`).join('，'),
    });
  const days = dailySeries(o);
  const byDay: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: GRID,
    xAxis: { type: 'category', data: days.map(([d]) => d.slice(5)), ...AXIS },
    yAxis: VALUE_AXIS,
    series: [
      {
        name: t('dashboard.series.filed'),
        type: 'bar',
        data: days.map(([, n]) => n),
        barMaxWidth: 16,
        itemStyle: { borderRadius: [3, 3, 0, 0] },
      },
    ],
  };
  const categories = [...o.byCategory]
    .reverse()
    .map((c) => ({ name: categoryLabel(t, c.key), value: c.count }));
  const byCategory: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: GRID,
    xAxis: VALUE_AXIS,
    yAxis: { type: 'category', data: categories.map((c) => c.name), ...AXIS },
    series: [
      {
        name: t('dashboard.series.cases'),
        type: 'bar',
        data: categories.map((c) => c.value),
        barMaxWidth: 18,
        itemStyle: { borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', color: '#1f2937' },
      },
    ],
  };
  const donut = (items: { name: string; value: number }[]): ChartOption => ({
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: narrow
      ? { bottom: 0, icon: 'circle', textStyle: { color: '#4a5568' } }
      : { orient: 'vertical', right: 8, top: 'middle', icon: 'circle', textStyle: { color: '#4a5568' } },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        center: narrow ? ['50%', '42%'] : ['36%', '50%'],
        data: items,
        label: { show: !narrow, formatter: '{c}', color: '#1f2937' },
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
      },
    ],
  });
  const channels = o.byChannel.map((c) => ({ name: enumLabel(t, 'caseChannel', c.key), value: c.count }));
  const outcomes = o.outcomes.map((c) => ({ name: enumLabel(t, 'outcome', c.key), value: c.count }));
  const sla = [...o.sla].sort((a, b) => a.met + a.breached - (b.met + b.breached));
  const slaChart: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 8, textStyle: { color: '#4a5568' } },
    grid: { ...GRID, top: 32 },
    xAxis: VALUE_AXIS,
    yAxis: { type: 'category', data: sla.map((s) => deadlineKindLabel(t, s.kind)), ...AXIS },
    series: [
      {
        name: t('dashboard.series.met'),
        type: 'bar',
        stack: 'sla',
        data: sla.map((s) => s.met),
        itemStyle: { color: CHART_COLORS[1] },
        barMaxWidth: 18,
      },
      {
        name: t('dashboard.series.breached'),
        type: 'bar',
        stack: 'sla',
        data: sla.map((s) => s.breached),
        itemStyle: { color: CHART_COLORS[3] },
        barMaxWidth: 18,
        label: {
          show: true,
          position: 'right',
          color: '#b42318',
          formatter: ({ value }) => (typeof value === 'number' && value > 0 ? String(value) : ''),
        },
      },
    ],
  };
  const handling = o.handlingTime.map((h) => ({ name: enumLabel(t, 'handling', h.key), value: h.count }));
  const handlingChart: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: GRID,
    xAxis: { type: 'category', data: handling.map((h) => h.name), ...AXIS },
    yAxis: VALUE_AXIS,
    series: [
      {
        name: t('dashboard.series.cases'),
        type: 'bar',
        data: handling.map((h) => h.value),
        barMaxWidth: 36,
        itemStyle: { color: CHART_COLORS[4], borderRadius: [4, 4, 0, 0] },
        label: { show: true, position: 'top', color: '#1f2937' },
      },
    ],
  };
  const total = days.reduce((s, [, n]) => s + n, 0);
  return [
    {
      key: 'by-day',
      title: t('dashboard.chart.byDay'),
      option: byDay,
      label: t('dashboard.aria.byDay', { total, max: Math.max(0, ...days.map(([, n]) => n)) }),
      span: 24,
      height: 260,
    },
    {
      key: 'by-category',
      title: t('dashboard.chart.byCategory'),
      option: byCategory,
      label: listLabel(t('dashboard.chart.byCategory'), [...categories].reverse()),
      span: 12,
      height: Math.max(240, categories.length * 30 + 40),
    },
    {
      key: 'by-channel',
      title: t('dashboard.chart.byChannel'),
      option: donut(channels),
      label: listLabel(t('dashboard.chart.byChannel'), channels),
      span: 12,
      height: 280,
    },
    {
      key: 'sla',
      title: t('dashboard.chart.sla'),
      hint: t('dashboard.chart.slaHint'),
      option: slaChart,
      label: t('dashboard.aria.list', {
        title: t('dashboard.chart.sla'),
        items: o.sla
          .map((s) => `${deadlineKindLabel(t, s.kind)} ${t('dashboard.kpi.slaDetail', s)}`)
          .join('，'),
      }),
      span: 12,
      height: Math.max(260, sla.length * 34 + 60),
    },
    {
      key: 'outcomes',
      title: t('dashboard.chart.outcomes'),
      option: donut(outcomes),
      label: listLabel(t('dashboard.chart.outcomes'), outcomes),
      span: 12,
      height: 300,
    },
    {
      key: 'handling',
      title: t('dashboard.chart.handling'),
      hint: t('dashboard.chart.handlingHint'),
      option: handlingChart,
      label: listLabel(t('dashboard.chart.handling'), handling),
      span: 24,
      height: 260,
    },
  ];
}

function duration(t: Translate, hours: number | null): string {
  if (hours === null) return '—';
  return hours < 48
    ? t('dashboard.hours', { value: Math.round(hours) })
    : t('dashboard.days', { value: (hours / 24).toFixed(1) });
}

function Kpis({ o }: { o: Overview }) {
  const { t } = useI18n();
  const { filed, open, ended, slaMet, slaBreached, medianHandlingHours, p90HandlingHours } = o.totals;
  const settled = slaMet + slaBreached;
  const items: Kpi[] = [
    {
      key: 'filed',
      title: t('dashboard.kpi.filed'),
      value: filed,
      detail: `${t('dashboard.kpi.open')} ${open}`,
    },
    { key: 'ended', title: t('dashboard.kpi.ended'), value: ended, detail: '' },
    {
      key: 'sla',
      title: t('dashboard.kpi.sla'),
      value: settled ? `${((slaMet / settled) * 100).toFixed(1)}%` : '—',
      detail: t('dashboard.kpi.slaDetail', { met: slaMet, breached: slaBreached }),
      danger: settled > 0 && slaBreached / settled > 0.1,
    },
    {
      key: 'median',
      title: t('dashboard.kpi.median'),
      value: duration(t, medianHandlingHours),
      detail:
        p90HandlingHours === null ? '' : t('dashboard.kpi.p90', { value: duration(t, p90HandlingHours) }),
    },
  ];
  return <KpiCards items={items} testIdPrefix="kpi" />;
}

/** 数据看板: the supervisor's overview of a period, drawn with ECharts (this page's lazy chunk only). */
export default function DashboardPage() {
  const { t } = useI18n();
  const { from, to, setPeriod } = usePeriod();
  const narrow = !useMediaQuery('(min-width: 768px)');
  const overview = useQuery({
    queryKey: ['reports', 'overview', from, to],
    queryFn: ({ signal }) => getOverview({ from, to }, signal),
    placeholderData: (previous) => previous,
  });
  const o = overview.data;
  const panels = useMemo(() => (o ? charts(o, t, narrow) : []), [o, t, narrow]);
  const picker = <PeriodPicker from={from} to={to} setPeriod={setPeriod} />;

  return (
    <div data-testid="dashboard">
      <PageHeading title={t('dashboard.title')} subtitle={t('dashboard.subtitle')} extra={picker} />
      {overview.isError && !o ? (
        <ErrorResult
          title={t('dashboard.loadError')}
          error={overview.error}
          onRetry={() => void overview.refetch()}
        />
      ) : !o ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : o.totals.filed === 0 && o.totals.ended === 0 && o.sla.length === 0 ? (
        <Card>
          <Empty description={t('dashboard.empty')} />
        </Card>
      ) : (
        <>
          <Kpis o={o} />
          <Row gutter={[16, 16]} className="section-gap">
            {panels.map((panel) => (
              <Col key={panel.key} xs={24} lg={panel.span}>
                <Card
                  className="chart-card"
                  title={
                    <Typography.Title level={2} className="chart-card__title">
                      {panel.title}
                    </Typography.Title>
                  }
                  extra={panel.hint ? <span className="muted-small">{panel.hint}</span> : null}
                >
                  <EChart
                    option={panel.option}
                    height={panel.height}
                    label={panel.label}
                    testId={`chart-${panel.key}`}
                  />
                </Card>
              </Col>
            ))}
          </Row>
        </>
      )}
    </div>
  );
}
