import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the dashboard draws is bundled (tree-shaken ECharts), and only into the dashboard's lazy chunk.
// SVG rather than canvas: crisp on high-density phones, selectable text, and testable in the browser.
use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** Accord's chart colours: the brand blue first, then hues that stay apart for common colour blindness. */
export const CHART_COLORS = [
  '#1f5fd6',
  '#22a06b',
  '#f0a020',
  '#d9363e',
  '#7b61ff',
  '#0f9fb4',
  '#e5702a',
  '#8a94a6',
];

/**
 * One ECharts chart in a box of `height` pixels, resized with its container. `label` is the accessible name
 * (a sentence saying what the chart shows and its main figures): the SVG itself is hidden from screen readers.
 */
export function EChart({
  option,
  height,
  label,
  testId,
}: {
  option: ChartOption;
  height: number;
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: CHART_COLORS, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div role="img" aria-label={label} data-testid={testId} className="echart">
      <div ref={box} aria-hidden style={{ height, width: '100%' }} />
    </div>
  );
}
