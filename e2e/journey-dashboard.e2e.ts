import { describe, expect, it } from 'vitest';
import { watchPageErrors } from './support/browser.js';
import { drawn } from './support/charts.js';
import { useJourney } from './support/journey.js';
import { DESKTOP, newPage, PHONE, signIn } from './support/session.js';

/**
 * Journey 3 of issue 7: a supervisor opens the dashboard and sees the demo marketplace's six weeks of
 * complaints drawn — volumes per day, by category and channel, deadlines kept, outcomes and handling times.
 * The charts are ECharts drawn as SVG, so the journey counts what was drawn (bars, slices, a line) and reads
 * the labels, rather than only finding an empty chart box.
 */

const j = useJourney();

describe('journey 3: the supervisor’s dashboard with the demo data', () => {
  it('shows the period’s figures and every chart drawn with data', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'supervisor1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据看板' }).click();
    await page.getByRole('heading', { level: 1, name: '数据看板' }).waitFor();

    // The figures: dozens of complaints in the last 30 days, some breached deadlines among many kept.
    const filed = page.getByTestId('kpi-filed').locator('.ant-statistic-content-value');
    await filed.waitFor();
    expect(Number(await filed.textContent())).toBeGreaterThan(30);
    const sla = await page.getByTestId('kpi-sla').textContent();
    expect(sla).toMatch(/时限达标率\s*\d{2}\.\d%/);
    expect(sla).toMatch(/达标 \d+ · 超时 [1-9]\d*/);

    const byDay = await drawn(page, 'chart-by-day');
    expect(byDay.shapes).toBeGreaterThan(1);
    const byCategory = await drawn(page, 'chart-by-category');
    expect(byCategory.texts).toEqual(expect.arrayContaining(['商品质量问题', '到店加价', '退票纠纷']));
    expect(byCategory.shapes).toBeGreaterThanOrEqual(6);
    const byChannel = await drawn(page, 'chart-by-channel');
    expect(byChannel.texts).toEqual(expect.arrayContaining(['网页', '平台应用', '客服热线']));
    const slaChart = await drawn(page, 'chart-sla');
    expect(slaChart.texts).toEqual(expect.arrayContaining(['受理审查期限', '按时', '超时']));
    const outcomes = await drawn(page, 'chart-outcomes');
    expect(outcomes.texts).toEqual(
      expect.arrayContaining(['调解达成协议', '平台作出处理决定', '消费者撤回']),
    );
    expect(outcomes.texts.length).toBeGreaterThanOrEqual(5);
    const handling = await drawn(page, 'chart-handling');
    expect(handling.texts).toEqual(expect.arrayContaining(['1 天内', '7–15 天']));
    // The accessible name says what a screen reader cannot see.
    expect(await page.getByTestId('chart-by-category').getAttribute('aria-label')).toMatch(
      /^投诉类型：.+ \d+ 件/,
    );
    await j.shoot(page, 'journey3-dashboard-supervisor-desktop');

    // A shorter period narrows every figure (the address keeps it, so a link shares the same view).
    const before = Number(await filed.textContent());
    await page.getByRole('radiogroup', { name: '统计区间' }).getByText('近 7 天').click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=/);
    await page.waitForFunction(
      `Number(document.querySelector('[data-testid="kpi-filed"] .ant-statistic-content-value')?.textContent) < ${before}`,
    );
    expect(errors).toEqual([]);
  });

  it('reads on a phone: one chart per row, no sideways scrolling', async () => {
    const phone = await newPage(j.browser, j.contexts, PHONE, true);
    j.current = phone;
    const errors = watchPageErrors(phone);
    await signIn(phone, j.server.baseUrl, 'supervisor1');
    await phone.goto(`${j.server.baseUrl}/dashboard`);
    const outcomes = await drawn(phone, 'chart-outcomes');
    expect(outcomes.texts.length).toBeGreaterThan(3);
    const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await j.shoot(phone, 'journey3-dashboard-supervisor-phone');
    expect(errors).toEqual([]);
  });

  it('finds the cases behind the breaches in the breached queue', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'supervisor1');
    await page.goto(`${j.server.baseUrl}/queue?q=breached`);
    await page.getByRole('tab', { name: '已超时', selected: true }).waitFor();
    const rows = page.getByTestId('queue-breached').locator('tbody tr.clickable-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await j.shoot(page, 'journey3-queue-breached-supervisor-desktop');
    expect(errors).toEqual([]);
  });

  it('is not offered to a handler, and answers the address with “no access”', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    await signIn(page, j.server.baseUrl, 'handler1');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '工作队列' }).waitFor();
    expect(await nav.getByRole('link', { name: '数据看板' }).count()).toBe(0);
    await page.goto(`${j.server.baseUrl}/dashboard`);
    await page.getByText('无权访问').first().waitFor();
  });
});
