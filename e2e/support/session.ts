import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export const TENANT = 'demo';
export const PASSWORD = 'accord-demo';
export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };
// antd puts a space between the two characters of a CJK button label ("登 录").
export const LOGIN_BUTTON = /^登\s*录$/;

/** A fresh browser context (its own cookies) in zh-CN and China Standard Time, asking for reduced motion. */
export async function newPage(
  browser: Browser,
  contexts: BrowserContext[],
  viewport: { width: number; height: number },
  mobile = false,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // antd then turns its animations off (AntdProvider): a click never lands on a dialog or menu still moving.
    reducedMotion: 'reduce',
    ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  contexts.push(context);
  return context.newPage();
}

/** Signs in through the login form and waits for the home page. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('heading', { name: '账号登录' }).waitFor();
  expect(await page.getByLabel('平台代码').inputValue()).toBe(TENANT);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: LOGIN_BUTTON }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/**
 * Picks an option of the antd Select labelled `label` (the dropdown renders outside the form), then checks the
 * select shows it. Under load a tap on a phone page can land while the dropdown is still opening and select
 * nothing, so the pick is retried (the select is closed with Escape first) up to three times.
 */
export async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByLabel(label);
  // antd 6 shows the chosen option's text in the combobox input's parent (`.ant-select-content`).
  const shown = async () => (await input.locator('xpath=..').textContent()) ?? '';
  for (let attempt = 1; ; attempt++) {
    try {
      await input.click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
        .first()
        .click({ timeout: 10_000 });
      await expect.poll(shown, { timeout: 3_000 }).toContain(option);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * A POST to the API in the signed-in page's session (its cookie and CSRF token), for setting up what a
 * journey needs; fails the test unless answered 2xx. Returns the parsed body.
 */
export async function postAs(page: Page, baseUrl: string, path: string, data: object): Promise<unknown> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'accord_csrf')?.value ?? '';
  const res = await page.request.post(`${baseUrl}/api/v1${path}`, {
    headers: { 'X-CSRF-Token': csrf },
    data,
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}
