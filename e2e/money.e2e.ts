import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatFen } from '../common/fen.js';
import { watchPageErrors } from './support/browser.js';
import { buttonName, withoutToasts } from './support/case.js';
import { useJourney } from './support/journey.js';
import { DESKTOP, PHONE, newPage, postAs, signIn } from './support/session.js';

/**
 * The staff's money screens. The demo holds no money movements, so the admin makes the situation through the
 * API first: the guarantee fund paid into, a compensation owed by 鲜果时光 (no deposit: the fund advances it
 * whole and a ¥300.00 recovery claim opens), and ¥800.00 more paid into the deposit of 优品数码旗舰店. The supervisor
 * then writes off the claim in part and then the rest on 追偿债权; the admin pays part of the deposit back on
 * 商家资金, seeing what may be paid back before typing — and, when the figure moves under the open dialog,
 * the server's refusal naming the new one.
 */

const j = useJourney();

const call = (page: Page, path: string, data: object) => postAs(page, j.server.baseUrl, path, data);

async function merchantIds(page: Page): Promise<Record<string, string>> {
  const res = await page.request.get(`${j.server.baseUrl}/api/v1/merchants?limit=200`);
  const { items } = (await res.json()) as { items: { id: string; externalId: string }[] };
  return Object.fromEntries(items.map((m) => [m.externalId, m.id]));
}

/** A KPI card's amount in yuan (`¥10,000.00` → 10000). */
async function yuan(page: Page, testId: string): Promise<number> {
  const content = page.getByTestId(testId).locator('.ant-statistic-content');
  await content.waitFor();
  return Number((await content.textContent())?.replace(/[¥,]/g, ''));
}

describe('money: recovery claims written off, a deposit paid back', () => {
  let ids: Record<string, string> = {};
  // The demo's own deposit of 优品数码旗舰店 plus the ¥800.00 paid here: what the admin may pay back.
  let deposit = 0n;
  let withdrawable = 0n;

  it('the admin sets up a claim on 鲜果时光 and a deposit of 优品数码旗舰店 through the API', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    await signIn(page, j.server.baseUrl, 'admin1');
    ids = await merchantIds(page);
    await call(page, '/guarantee-fund/top-ups', { amountFen: 1_000_000, reference: 'E2E-FUND-1' });
    const award = (await call(page, `/merchants/${ids['m-fresh-fruit']}/compensations`, {
      amountFen: 30_000,
      reason: '水果变质，赔偿消费者',
      reference: 'E2E-CMP-1',
    })) as { claimId: string | null };
    expect(award.claimId).toBeTruthy();
    await call(page, `/merchants/${ids['m-youpin-digital']}/deposit/top-ups`, {
      amountFen: 80_000,
      reference: 'E2E-DEP-1',
    });
    const money = await page.request.get(
      `${j.server.baseUrl}/api/v1/merchants/${ids['m-youpin-digital']}/money`,
    );
    const m = (await money.json()) as { depositFen: string; withdrawableFen: string };
    [deposit, withdrawable] = [BigInt(m.depositFen), BigInt(m.withdrawableFen)];
    expect(withdrawable).toBeGreaterThanOrEqual(80_000n);
  });

  it('a supervisor writes off part of the claim, then the rest, and reads its history', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'supervisor1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '追偿债权' }).click();
    await page.getByRole('heading', { name: '追偿债权', level: 1 }).waitFor();
    const fundBefore = await yuan(page, 'fund-balance');
    const row = page.getByTestId('claims').locator('tr', { hasText: '鲜果时光' });
    await row.waitFor();
    expect(await row.textContent()).toContain('¥300.00');
    expect(await row.textContent()).toContain('追偿中');

    await row.getByRole('button', { name: '查看 鲜果时光 的追偿债权' }).click();
    const drawer = page.getByTestId('claim-drawer');
    await drawer.getByTestId('claim-owed').filter({ hasText: '¥300.00' }).waitFor();
    expect(await drawer.getByTestId('claim-history').textContent()).toContain('水果变质，赔偿消费者');

    // More than is owed is stopped on the field, before anything is sent.
    await drawer.locator('button', { hasText: buttonName('核销') }).click();
    const dialog = page.locator('.ant-modal', { hasText: '核销债权' });
    const form = dialog.getByTestId('write-off-form');
    expect(await dialog.textContent()).toContain('尚欠 ¥300.00');
    await form.getByLabel('核销金额（元）').fill('500');
    await form.getByLabel('核销原因').fill('商家经营困难，部分无法追回');
    await dialog.locator('.ant-modal-footer button', { hasText: buttonName('核销') }).click();
    await form.getByText('不能超过尚欠的 ¥300.00').waitFor();

    await form.getByLabel('核销金额（元）').fill('100');
    await dialog.locator('.ant-modal-footer button', { hasText: buttonName('核销') }).click();
    const confirm = page.locator('.ant-modal-confirm', { hasText: '确认核销 ¥100.00？' });
    await confirm.locator('button', { hasText: buttonName('确认核销') }).click();
    await drawer.getByTestId('claim-owed').filter({ hasText: '¥200.00' }).waitFor();
    const history = drawer.getByTestId('claim-history');
    await history.getByText('核销 ¥100.00').waitFor();
    expect(await history.textContent()).toContain('商家经营困难，部分无法追回');
    expect(await history.textContent()).toContain('主管 · 周强');
    await row.filter({ hasText: '¥200.00' }).waitFor();
    await withoutToasts(page);

    // The rest: no amount means all that is still owed; the claim closes.
    await drawer.locator('button', { hasText: buttonName('核销') }).click();
    await form.getByLabel('核销原因').fill('商家已注销，无可执行财产');
    await dialog.locator('.ant-modal-footer button', { hasText: buttonName('核销') }).click();
    await page
      .locator('.ant-modal-confirm', { hasText: '确认核销 ¥200.00？' })
      .locator('button', { hasText: buttonName('确认核销') })
      .click();
    await drawer.getByTestId('claim-owed').filter({ hasText: '¥0.00' }).waitFor();
    await history.getByText('核销 ¥200.00').waitFor();
    expect(await drawer.getByTestId('claim-figures').textContent()).toContain('已核销');
    expect(await drawer.locator('button', { hasText: buttonName('核销') }).count()).toBe(0);
    await j.shoot(page, 'money-claim-drawer');
    await page.locator('.ant-drawer-close').click();

    // Closed claims are under 已核销, with what was written off.
    await page.getByTestId('claims').getByText('已核销', { exact: true }).first().click();
    const closed = page.getByTestId('claims').locator('tr', { hasText: '鲜果时光' });
    await closed.filter({ hasText: '已核销' }).waitFor();
    expect(await closed.textContent()).toContain('¥300.00');
    // The fund bore the loss.
    await expect.poll(() => yuan(page, 'fund-balance')).toBe(fundBefore - 300);
    expect(errors).toEqual([]);
  });

  it('the admin pays part of a deposit back, seeing what may be paid back first, also at phone width', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'admin1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '租户与商家' }).click();
    const row = page.getByTestId('merchants').locator('tr', { hasText: 'm-youpin-digital' });
    await row.filter({ hasText: formatFen(deposit) }).waitFor();
    await row.getByRole('link', { name: '查看 优品数码旗舰店 的资金' }).click();
    await page.getByRole('heading', { name: '商家资金：优品数码旗舰店', level: 1 }).waitFor();
    const figure = page.getByTestId('merchant-money-withdrawable');
    await figure.filter({ hasText: formatFen(withdrawable) }).waitFor();
    expect(await page.getByTestId('standing-top-ups').textContent()).toContain('E2E-DEP-1');

    await page.locator('button', { hasText: buttonName('退还保证金') }).click();
    const dialog = page.locator('.ant-modal', { hasText: '退还保证金' });
    // The figure is there before anything is typed.
    expect(await dialog.getByTestId('withdrawable-hint').textContent()).toContain(
      `当前可退 ${formatFen(withdrawable)}`,
    );
    const form = dialog.getByTestId('withdraw-form');
    const submit = dialog.locator('.ant-modal-footer button', { hasText: buttonName('退还保证金') });
    await form.getByLabel('退还金额（元）').fill(String(Number(withdrawable) / 100 + 100));
    await submit.click();
    await form.getByText(`不能超过可退的 ${formatFen(withdrawable)}`).waitFor();

    // Meanwhile all but ¥300.00 is paid back elsewhere: the server refuses ¥600.00 and says ¥300.00.
    await call(page, `/merchants/${ids['m-youpin-digital']}/deposit/withdrawals`, {
      amountFen: (withdrawable - 30_000n).toString(),
      reference: 'E2E-W-API',
    });
    await form.getByLabel('退还金额（元）').fill('600');
    await submit.click();
    const sure = (amount: string) =>
      page
        .locator('.ant-modal-confirm', { hasText: `确认退还 ${amount} 保证金？` })
        .locator('button', { hasText: buttonName('确认退还') })
        .click();
    await sure('¥600.00');
    await form.getByText('超出可退金额：当前最多可退 ¥300.00').waitFor();

    await form.getByLabel('退还金额（元）').fill('200');
    await submit.click();
    await sure('¥200.00');
    await figure.filter({ hasText: '¥100.00' }).waitFor();
    const payouts = page.getByTestId('standing-payouts');
    await payouts.locator('tr', { hasText: '¥200.00' }).filter({ hasText: '保证金退还' }).waitFor();
    expect(await payouts.locator('tr', { hasText: '保证金退还' }).count()).toBe(2);
    await withoutToasts(page);
    await j.shoot(page, 'money-merchant-desktop');

    await page.setViewportSize(PHONE);
    await figure.waitFor();
    // The tables re-measure after the resize (a ResizeObserver), then the page fits the screen.
    await expect
      .poll(async () =>
        Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')),
      )
      .toBe(0);
    await j.shoot(page, 'money-merchant-phone');
    expect(errors).toEqual([]);
  });
});
