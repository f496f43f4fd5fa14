import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot, watchPageErrors } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';

const TENANT = 'demo';
const PASSWORD = 'accord-demo';
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
// antd puts a space between the two characters of a CJK button label ("登 录").
const LOGIN_BUTTON = /^登\s*录$/;

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const screenshots: string[] = [];

async function newPage(viewport: { width: number; height: number }, mobile = false): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  contexts.push(context);
  return context.newPage();
}

/** Opens `/` signed out and waits for the login form (the redirect happens before it renders). */
async function openLogin(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/`);
  await page.waitForURL('**/login');
  await page.getByRole('heading', { name: '账号登录' }).waitFor();
}

/** Signs in by typing into the login form. */
async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await openLogin(page);
  expect(await page.getByLabel('平台代码').inputValue()).toBe(TENANT);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: LOGIN_BUTTON }).click();
}

async function displayName(page: Page): Promise<string> {
  const me = await page.evaluate(async () => {
    const response = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
    return (await response.json()) as { user: { displayName: string } };
  });
  return me.user.displayName;
}

function greeting(name: string, language: 'zh' | 'en'): RegExp {
  return language === 'zh'
    ? new RegExp(`^(上午好|下午好|晚上好)，${name}$`)
    : new RegExp(`^Good (morning|afternoon|evening), ${name}$`);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  if (screenshots.length > 0) console.log(`Screenshots:\n${screenshots.map((s) => `  ${s}`).join('\n')}`);
});

describe('smoke: the demo consumer signs in and sees their orders', () => {
  it('shows the server’s localized message on a wrong password and stays on the login page', async () => {
    const page = await newPage(DESKTOP);
    await signIn(page, 'consumer1', 'not-the-password');
    const alert = page.locator('.login__alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe('账号或密码错误');
    expect(page.url()).toMatch(/\/login$/);
    screenshots.push(await saveScreenshot(page, 'login-error-desktop'));

    // In English the request carries Accept-Language: en and the server's message comes back in English.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .locator('.login__alert')
      .filter({ hasText: /^[\x20-\x7e]+$/ })
      .waitFor();
  });

  it('signs in on a desktop from the demo list, greets the consumer, lists orders, switches to English', async () => {
    const page = await newPage(DESKTOP);
    const errors = watchPageErrors(page);
    await openLogin(page);
    await page.getByRole('button', { name: '演示账号' }).click();
    const demoConsumer = page.getByRole('button', { name: /consumer1/ });
    await demoConsumer.waitFor();
    screenshots.push(await saveScreenshot(page, 'login-desktop'));
    await demoConsumer.click();
    expect(await page.getByLabel('用户名').inputValue()).toBe('consumer1');
    await page.getByRole('button', { name: LOGIN_BUTTON }).click();

    await page.waitForURL(`${server.baseUrl}/`);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    const name = await displayName(page);
    expect(await heading.textContent()).toMatch(greeting(name, 'zh'));

    const cards = page.getByTestId('order-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThanOrEqual(1);
    expect(await cards.first().textContent()).toMatch(/¥\d[\d,]*\.\d{2}/);
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['首页', '我的订单', '我的投诉']);
    screenshots.push(await saveScreenshot(page, 'home-consumer-desktop'));

    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: greeting(name, 'en') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'My complaints' })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Complaint / refund' }).count()).toBeGreaterThanOrEqual(1);
    screenshots.push(await saveScreenshot(page, 'home-consumer-desktop-en'));

    // The choice survives a reload (localStorage), and the server answers in it too.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: greeting(name, 'en') }).waitFor();
    expect(errors).toEqual([]);
  });

  it('works on a phone (390×844) with a bottom tab bar and the complaints list', async () => {
    const page = await newPage(PHONE, true);
    const errors = watchPageErrors(page);
    await openLogin(page);
    screenshots.push(await saveScreenshot(page, 'login-phone', false));

    await signIn(page, 'consumer1');
    await page.waitForURL(`${server.baseUrl}/`);
    await page.getByTestId('order-card').first().waitFor();
    const tabs = page.getByRole('navigation', { name: '主导航' });
    expect(await tabs.getByRole('link').allTextContents()).toEqual(['首页', '我的订单', '我的投诉']);
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    screenshots.push(await saveScreenshot(page, 'home-consumer-phone', false));

    await tabs.getByRole('link', { name: '我的投诉' }).click();
    await page.getByRole('heading', { level: 1, name: '我的投诉' }).waitFor();
    // The demo consumer's three cases: investigation, a refund request at the merchant, a mediation.
    await page.getByTestId('case-card').first().waitFor();
    expect(await page.getByTestId('case-card').count()).toBe(3);
    await page.getByTestId('case-card').filter({ hasText: '待您处理' }).first().waitFor();
    screenshots.push(await saveScreenshot(page, 'complaints-phone', false));
    expect(errors).toEqual([]);
  });

  it('gives a merchant its own navigation and console placeholder, and signs out', async () => {
    const page = await newPage(DESKTOP);
    const errors = watchPageErrors(page);
    await signIn(page, 'merchant1');
    await page.waitForURL(`${server.baseUrl}/`);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['首页', '案件收件箱', '保证金与评分']);
    await page.getByText('后续版本提供').waitFor();
    screenshots.push(await saveScreenshot(page, 'home-merchant-desktop'));

    // 保证金与评分: the deposit the demo merchant paid in, and the score counted from its cases.
    await nav.getByRole('link', { name: '保证金与评分' }).click();
    await page.getByRole('heading', { level: 1, name: '保证金与评分' }).waitFor();
    const deposit = page.getByTestId('standing-deposit');
    await deposit.getByText('¥50,000.00').waitFor();
    await page.getByTestId('standing-on-time').waitFor();
    // The deposit's payment is listed with its reference; no settlement has been paid out yet.
    await page.getByTestId('standing-top-ups').getByText('¥50,000.00').waitFor();
    await page.getByTestId('standing-payouts').getByText('还没有打款记录').waitFor();
    screenshots.push(await saveScreenshot(page, 'standing-merchant-desktop'));
    const phone = await newPage(PHONE, true);
    await signIn(phone, 'merchant1');
    await phone.waitForURL(`${server.baseUrl}/`);
    await phone.goto(`${server.baseUrl}/standing`);
    await phone.getByTestId('standing-deposit').getByText('¥50,000.00').waitFor();
    screenshots.push(await saveScreenshot(phone, 'standing-merchant-phone'));

    // A consumer page is not reachable by URL either.
    await page.goto(`${server.baseUrl}/orders`);
    await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();

    await page.getByRole('button', { name: /^账户菜单/ }).click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    // Signed out on the server too (the logout POST passed the CSRF check): a reload stays on /login.
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL('**/login');
    expect(errors).toEqual([]);
  });
});
