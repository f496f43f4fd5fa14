import { describe, expect, it } from 'vitest';
import { watchPageErrors } from './support/browser.js';
import { buttonName, withoutToasts } from './support/case.js';
import { useJourney } from './support/journey.js';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, chooseOption, newPage, signIn } from './support/session.js';

/**
 * The admin console: the tenant and its merchants (one registered on the page), users and roles (a server error lands on its field, in the user's language), an
 * integration key whose secret is shown once and then revoked, a calendar closure that recomputes
 * deadlines, a policy version drafted, validated and published on the page, and the policy versions with the
 * consumer-rights diff of two.
 */

const j = useJourney();

/** Picks a role in the user dialog (the page's role filter is labelled too, so the match is exact). */
async function chooseRole(page: Page, role: string): Promise<void> {
  await page.getByTestId('user-form').getByLabel('角色', { exact: true }).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: role })
    .first()
    .click();
}

describe('admin console', () => {
  it('shows the tenant and its demo merchants, registers a merchant, edits it, also at phone width', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'admin1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '租户与商家' }).click();
    const tenant = page.getByTestId('tenant-info');
    await tenant.getByText('星河集市（演示）').waitFor();
    expect(await tenant.textContent()).toContain('demo');
    const merchants = page.getByTestId('merchants');
    await merchants.locator('tr', { hasText: 'm-youpin-digital' }).waitFor();
    expect(await merchants.locator('tr', { hasText: 'm-galaxy-live' }).textContent()).toContain('星河演艺');
    expect(await merchants.locator('tr', { hasText: 'm-galaxy-live' }).textContent()).toContain('演出主办方');

    await page.locator('button', { hasText: buttonName('登记商家') }).click();
    const form = page.getByTestId('merchant-form');
    await form.getByLabel('商家名称').fill('云杉书店');
    await form.getByLabel('外部编号').fill('m-spruce-books');
    await page
      .getByRole('dialog')
      .locator('button', { hasText: buttonName('登记') })
      .click();
    const row = merchants.locator('tr', { hasText: 'm-spruce-books' });
    await row.waitFor();
    expect(await row.textContent()).toContain('云杉书店');
    expect(await row.textContent()).toContain('网店');

    // Editing keeps the external id (the upsert's key) and changes the kind.
    await row.getByRole('button', { name: '编辑 云杉书店' }).click();
    expect(await form.getByLabel('外部编号').isDisabled()).toBe(true);
    await chooseOption(page, '商家类型', '服务商');
    await page
      .getByRole('dialog')
      .locator('button', { hasText: buttonName('保存') })
      .click();
    await row.filter({ hasText: '服务商' }).waitFor();
    await withoutToasts(page);
    await j.shoot(page, 'admin-tenant-desktop');

    // At phone width the page fits the screen; the table scrolls inside its own box.
    await page.setViewportSize(PHONE);
    await row.waitFor();
    // The layout answers the resize over a few frames (the side menu collapses at its breakpoint): poll.
    await expect
      .poll(async () =>
        Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')),
      )
      .toBe(0);
    await j.shoot(page, 'admin-tenant-phone');
    expect(errors).toEqual([]);
  });

  it('creates a user (a taken username is marked on its field), changes the role, disables them', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'admin1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '用户与角色' }).click();
    const users = page.getByTestId('users');
    await users.locator('tr', { hasText: 'handler1' }).waitFor();
    expect(await users.locator('tr', { hasText: 'admin1' }).textContent()).toContain('当前账号');
    await j.shoot(page, 'admin-users-desktop');

    await page.getByRole('button', { name: '新建用户' }).click();
    const form = page.getByTestId('user-form');
    // The dialog's OK button: matched without anchors, so a button still showing its loading icon (whose
    // accessible name then starts with "loading") is the same button, and the click waits for it.
    const createButton = page.getByRole('dialog').getByRole('button', { name: /创\s*建/ });
    await chooseRole(page, '调解员');
    await form.getByLabel('用户名').fill('handler1');
    await form.getByLabel('显示名称').fill('调解员 · 新人');
    await form.getByLabel('初始密码').fill('a-long-initial-password');
    await createButton.click();
    await form.getByText('用户名已被使用').waitFor();

    await form.getByLabel('用户名').fill('handler3');
    await createButton.click();
    await users.locator('tr', { hasText: 'handler3' }).waitFor();
    expect(await users.locator('tr', { hasText: 'handler3' }).textContent()).toContain('调解员');

    // Promote them, then disable them (confirmed first).
    const row = users.locator('tr', { hasText: 'handler3' });
    await row.getByRole('button', { name: '编辑' }).click();
    await chooseRole(page, '复核员');
    await page.getByRole('button', { name: buttonName('保存') }).click();
    await row.filter({ hasText: '复核员' }).waitFor();
    await row.getByRole('button', { name: buttonName('停用') }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: buttonName('停用') })
      .click();
    await row.filter({ hasText: '已停用' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('issues an integration key shown once, and revokes it', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'admin1');
    await page.goto(`${j.server.baseUrl}/admin/api-keys`);
    await page.getByRole('button', { name: '签发密钥' }).click();
    await page.getByLabel('名称').fill('订单系统（生产）');
    await page.getByRole('button', { name: buttonName('签发') }).click();
    const secret = page.getByTestId('api-key-secret');
    await secret.waitFor();
    const text = (await secret.locator('.secret-box').textContent()) ?? '';
    expect(text).toMatch(/^ak_[\w-]{6}_[\w-]{20,}/);
    await j.shoot(page, 'admin-api-key-issued-desktop', false);
    await page.getByRole('button', { name: '我已保存' }).click();

    // The secret works until it is revoked, then the API refuses it.
    const call = () =>
      fetch(`${j.server.baseUrl}/api/v1/orders?limit=1`, { headers: { authorization: `Bearer ${text}` } });
    expect((await call()).status).toBe(200);
    const row = page.getByTestId('api-keys').locator('tr', { hasText: '订单系统（生产）' });
    await row.getByRole('button', { name: buttonName('吊销') }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: buttonName('吊销') })
      .click();
    await row.filter({ hasText: '已于' }).waitFor();
    expect((await call()).status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('adds a calendar closure, and shows a bad notice’s problems in English when the UI is in English', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'admin1');
    await page.goto(`${j.server.baseUrl}/admin/calendar`);
    const settings = page.getByTestId('calendar-settings');
    await settings.getByRole('button', { name: '添加停业日' }).click();
    await settings.getByLabel('日期').fill('2026-12-31');
    await settings.getByLabel('日期').press('Enter');
    await settings.getByLabel('名称（如“年会”）').fill('年终盘点');
    await settings.getByRole('button', { name: buttonName('保存日历') }).click();
    await page.getByText(/日历已保存，\d+ 个时限已重新计算/).waitFor();
    await withoutToasts(page);
    await j.shoot(page, 'admin-calendar-desktop');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    const notices = page.getByTestId('calendar-notices');
    await notices.getByLabel('Notice').fill('{ "region": "CN", "year": 2027, "days": [] }');
    await notices.getByRole('button', { name: 'Load notice' }).click();
    await notices.getByRole('alert').waitFor();
    expect(await notices.getByRole('alert').textContent()).toMatch(/[A-Za-z]/);
    expect(await notices.getByRole('alert').textContent()).not.toMatch(/[\u4e00-\u9fff]{3}/);
    expect(errors).toEqual([]);
  });

  it('drafts a policy version on the page: a bad pack’s problem on its line, a narrowing one on its field, then publishes it', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'admin1');
    await page.goto(`${j.server.baseUrl}/admin/policies`);
    await page.getByRole('tab', { name: '活动票务' }).click();
    await page.getByRole('button', { name: '新建版本' }).filter({ visible: true }).click();
    const drawer = page.getByTestId('policy-draft');
    const editor = drawer.getByLabel(/^规则内容/);
    await expect.poll(() => editor.inputValue()).toContain('defaultRefundWindowDays');
    const base = JSON.parse(await editor.inputValue()) as {
      settings: Record<string, { value: number }>;
    };
    expect(await drawer.getByLabel('版本', { exact: true }).inputValue()).toBe('2');
    // By its text, not its accessible name: after a validation AntD can leave the finished spinner's "loading"
    // label in the button while the icon's leave animation never ends, which renames it "loading 校验".
    const validate = drawer.locator('button', { hasText: buttonName('校验') });

    // An uploaded file that is not JSON: said before anything is sent, with the line to look at.
    await drawer.locator('input[type=file]').setInputFiles({
      name: 'event-tickets-v2.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{\n  "id": "event-tickets",\n  "version": 2,\n}\n'),
    });
    const problems = drawer.getByTestId('policy-draft-problems');
    await problems.getByText('JSON 格式有误，请检查标出的行').waitFor();
    expect(await problems.textContent()).toMatch(/第 \d 行/);

    // A refund window under the 7 days of seed 000 §2.1 a: the server's problem points at its JSON line.
    const bad = structuredClone(base);
    bad.settings.defaultRefundWindowDays!.value = 5;
    bad.settings.minRefundWindowDays!.value = 5;
    await editor.fill(JSON.stringify(bad, null, 2));
    await validate.click();
    await problems.getByText('settings.defaultRefundWindowDays.value').waitFor();
    expect(await problems.textContent()).toContain('settings.defaultRefundWindowDays.value');
    expect(await problems.textContent()).toMatch(/第 \d+ 行/);
    await j.shoot(page, 'admin-policy-validate-desktop', false);

    // Ten days instead of seven narrows consumers' rights: refused for all orders, on the field that says so.
    const narrower = structuredClone(base);
    narrower.settings.defaultRefundWindowDays!.value = 10;
    await editor.fill(JSON.stringify(narrower, null, 2));
    await validate.click();
    await drawer.getByText('暂不能发布：请按标出的字段修改').waitFor();
    await drawer.getByText(/只能适用于生效后下单的订单/).waitFor();
    await drawer.getByLabel('适用订单', { exact: true }).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '生效后下单的订单' })
      .click();
    const effective = drawer.getByLabel('生效时间（北京时间）');
    await effective.click();
    await effective.fill('2027-03-01 00:00');
    await effective.press('Enter');
    // The picker's panel closes after Enter with an animation; a click sent while it is still open is lost.
    await expect.poll(() => page.locator('.ant-picker-dropdown:visible').count()).toBe(0);
    expect(await effective.inputValue()).toBe('2027-03-01 00:00');
    await validate.click();
    await drawer.getByText('校验通过，可以发布').waitFor();
    const check = drawer.getByTestId('policy-draft-check');
    expect(await check.textContent()).toContain('共 1 处变化，其中 1 处收窄消费者权益');
    expect(await check.textContent()).toContain('默认退票期限');
    await j.shoot(page, 'admin-policy-publish-desktop', false);
    await drawer.getByRole('button', { name: buttonName('发布') }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: buttonName('发布') })
      .click();
    await page.getByText('第 2 版已发布').waitFor();
    await drawer.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });

  it('lists the policy versions per pack, shows one, and reads the consumer-rights diff of two', async () => {
    const page = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = page;
    const errors = watchPageErrors(page);
    await signIn(page, j.server.baseUrl, 'admin1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '规则版本' }).click();
    await page.getByRole('heading', { level: 1, name: '规则版本' }).waitFor();
    await page.getByRole('tab', { name: '活动票务' }).click();
    const versions = page.getByTestId('policy-versions').filter({ visible: true });
    const latest = versions.locator('tbody tr.ant-table-row').first();
    await latest.waitFor();
    expect(await latest.textContent()).toMatch(/^2/);
    expect(await versions.locator('tr', { hasText: '现行第 1 版' }).textContent()).toContain('内置');
    const compare = page.getByTestId('policy-compare').filter({ visible: true });
    const diff = compare.getByTestId('rights-change');
    await diff.first().waitFor();
    expect(await compare.textContent()).toContain('共 1 处变化，其中 1 处收窄消费者权益');
    const change = (await diff.first().textContent()) ?? '';
    expect(change).toContain('收窄');
    expect(change).toContain('默认退票期限');
    expect(change).toMatch(/7.*10/);
    await j.shoot(page, 'admin-policy-diff-desktop');

    await latest.getByRole('button', { name: buttonName('查看') }).click();
    const drawer = page.getByTestId('policy-version');
    await drawer.getByText('相对上一版的权益变化').waitFor();
    expect(await drawer.locator('pre').textContent()).toContain('"defaultRefundWindowDays"');
    expect(errors).toEqual([]);
  });
});
