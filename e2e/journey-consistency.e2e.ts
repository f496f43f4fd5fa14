import { describe, expect, it } from 'vitest';
import { watchPageErrors } from './support/browser.js';
import { drawn } from './support/charts.js';
import { useJourney } from './support/journey.js';
import { DESKTOP, newPage, PHONE, signIn } from './support/session.js';

/**
 * Journey 3, continued: the supervisor's decision-consistency report (处理一致性). The demo's history has no
 * decision measured against a pack yet, so the report starts empty; then the handler decides the demo's
 * headphone case below the recommendation, with a written reason, and the report shows it — the figures, the
 * charts by category and by decider, and the deviating decision one click from its case.
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

describe('journey 3: the supervisor’s decision-consistency report', () => {
  let caseNumber = '';

  it('starts empty, then shows a deviating decision with its figures, charts and reason', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'supervisor1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '处理一致性' }).click();
    await page.getByRole('heading', { level: 1, name: '处理一致性' }).waitFor();
    await page.getByText('所选区间内没有可与推荐比对的处理决定').waitFor();

    caseNumber = await decideBelowRecommendation();
    await page.reload();
    const rate = page.getByTestId('consistency-rate');
    await rate.waitFor();
    expect(await page.getByTestId('consistency-decisions').textContent()).toContain('1');
    expect(await rate.textContent()).toContain('100.0%');
    expect(await page.getByTestId('consistency-direction').textContent()).toMatch(/低于推荐.*1/);

    const byCategory = await drawn(page, 'chart-by-category');
    expect(byCategory.texts).toEqual(expect.arrayContaining(['商品质量问题', '偏离推荐']));
    const byDecider = await drawn(page, 'chart-by-decider');
    expect(byDecider.texts.join(' ')).toContain('刘洋');
    expect(await page.getByTestId('chart-by-decider').getAttribute('aria-label')).toMatch(
      /^按处理人员：.+决定 1 件，偏离 1 件/,
    );
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
