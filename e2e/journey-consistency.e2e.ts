import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchPageErrors } from './support/browser.js';
import { drawn } from './support/charts.js';
import { useJourney } from './support/journey.js';
import { DESKTOP, newPage, PHONE, signIn } from './support/session.js';

/**
 * Journey 3, continued: the supervisor's decision-consistency report (处理一致性). The demo's six weeks of
 * history hold platform decisions measured against the pack, a few of them deviating; the handler then decides
 * the demo's headphone case below the recommendation, with a written reason, and the report adds it — the
 * figures, the charts by category and by decider, and the deviating decision one click from its case.
 */

const j = useJourney();
const REASON = '消费者已使用两周，按使用折旧部分退款';

/** The handler decides the demo case under investigation for less than the pack recommends (through the API). */
async function decideBelowRecommendation(): Promise<string> {
  const page = await newPage(j.browser, j.contexts, DESKTOP);
  await signIn(page, j.server.baseUrl, 'handler1');
  const csrf = (await page.context().cookies()).find((c) => c.name === 'accord_csrf')?.value ?? '';
  const list = (await (await page.request.get(`${j.server.baseUrl}/api/v1/cases?limit=100`)).json()) as {
    items: { id: string; number: string; title: string }[];
  };
  const c = list.items.find((i) => i.title === '降噪耳机左耳无声');
  expect(c).toBeDefined();
  const res = await page.request.post(`${j.server.baseUrl}/api/v1/cases/${c!.id}/actions/decide`, {
    headers: { 'X-CSRF-Token': csrf },
    data: {
      text: '经核查，耳机存在质量问题，商家部分退款。',
      remedies: [{ type: 'partial_refund', amountFen: 60_000, payer: 'respondent' }],
      clauses: ['消法 Art. 24'],
      deviationReason: REASON,
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  return c!.number;
}

/** The report's figures as the page shows them: the KPI cards and handler1's row of the chart by decider. */
async function figures(page: Page) {
  const kpi = async (key: string) =>
    Number(await page.getByTestId(`consistency-${key}`).locator('.ant-statistic-content').textContent());
  const label = (await page.getByTestId('chart-by-decider').getAttribute('aria-label')) ?? '';
  const handler1 = /刘洋 决定 (\d+) 件，偏离 (\d+) 件/.exec(label);
  return {
    decisions: await kpi('decisions'),
    deviations: await kpi('deviations'),
    less: await kpi('direction'),
    handler1: handler1 ? { decisions: Number(handler1[1]), deviations: Number(handler1[2]) } : undefined,
  };
}

describe('journey 3: the supervisor’s decision-consistency report', () => {
  let caseNumber = '';

  it('reads the seeded figures, then adds a deviating decision to them, its charts and its reason', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'supervisor1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '处理一致性' }).click();
    await page.getByRole('heading', { level: 1, name: '处理一致性' }).waitFor();
    // The demo's six weeks hold platform decisions measured against the pack: the report is not empty.
    await drawn(page, 'chart-by-decider');
    const before = await figures(page);
    expect(before.decisions).toBeGreaterThan(0);
    expect(before.deviations).toBeGreaterThan(0);
    expect(before.handler1).toBeDefined();

    caseNumber = await decideBelowRecommendation();
    await page.reload();
    await drawn(page, 'chart-by-decider');
    const after = await figures(page);
    expect(after).toEqual({
      decisions: before.decisions + 1,
      deviations: before.deviations + 1,
      less: before.less + 1,
      handler1: { decisions: before.handler1!.decisions + 1, deviations: before.handler1!.deviations + 1 },
    });
    expect(await page.getByTestId('consistency-rate').textContent()).toContain(
      `${(((before.deviations + 1) / (before.decisions + 1)) * 100).toFixed(1)}%`,
    );

    const byCategory = await drawn(page, 'chart-by-category');
    expect(byCategory.texts).toEqual(expect.arrayContaining(['商品质量问题', '偏离推荐']));
    const byDecider = await drawn(page, 'chart-by-decider');
    expect(byDecider.texts.join(' ')).toContain('刘洋');
    const row = page.getByTestId('consistency-deviations').locator('tbody tr', { hasText: caseNumber });
    await row.waitFor();
    expect(await row.textContent()).toContain(REASON);
    expect(await row.textContent()).toContain('低于推荐');
    await j.shoot(page, 'journey3-consistency-supervisor-desktop');

    // The same report in English, for the regulator's English-language copy.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Decision consistency' }).waitFor();
    await row.getByText('less for the consumer').waitFor();

    // The case is one click away, in the staff workspace.
    await row.getByRole('link', { name: caseNumber }).click();
    await page.waitForURL(/\/cases\/case_/);
    await page.getByText('降噪耳机左耳无声').first().waitFor();
    expect(errors).toEqual([]);
  });

  it('reads on a phone without sideways scrolling', async () => {
    const phone = await newPage(j.browser, j.contexts, PHONE, true);
    j.current = phone;
    const errors = watchPageErrors(phone);
    await signIn(phone, j.server.baseUrl, 'supervisor1');
    await phone.goto(`${j.server.baseUrl}/reports/consistency`);
    await drawn(phone, 'chart-by-category');
    await phone.getByTestId('consistency-deviations').getByText(caseNumber).waitFor();
    const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await j.shoot(phone, 'journey3-consistency-supervisor-phone');
    expect(errors).toEqual([]);
  });

  it('is not offered to a handler', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    await signIn(page, j.server.baseUrl, 'handler1');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '工作队列' }).waitFor();
    expect(await nav.getByRole('link', { name: '处理一致性' }).count()).toBe(0);
    await page.goto(`${j.server.baseUrl}/reports/consistency`);
    await page.getByText('无权访问').first().waitFor();
  });
});
