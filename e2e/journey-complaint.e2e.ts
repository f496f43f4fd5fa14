import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { settle, watchPageErrors } from './support/browser.js';
import { waitForStage, withoutToasts } from './support/case.js';
import { pngFixture } from './support/fixtures.js';
import { useJourney } from './support/journey.js';
import { chooseOption, DESKTOP, newPage, PHONE, signIn } from './support/session.js';

/**
 * Journey 1 of issue 7: a consumer files a complaint from an order with a photo → an agent accepts it → a
 * handler starts mediation → the merchant offers a partial refund → the consumer accepts → the agreement is
 * carried out at once (policy `agreementExecution: immediate`) and the refund shows on the case, paid back by
 * the demo's in-process simulated payment provider.
 *
 * The order is T20261001 (星河跨年演唱会 · 内场 A 区), sold by 星河演艺, whose demo account is merchant1.
 */

const ORDER_TITLE = '星河跨年演唱会 2027 · 内场 A 区';
const CASE_TITLE = '内场座位与购票页面不符';
const OFFER_YUAN = '500';
const OFFER_TEXT = '¥500.00';
const INTERNAL_NOTE = '已调取购票页面存档，座位图标注与消费者描述一致，建议促成部分退款。';

const j = useJourney();
let caseId = '';
let consumer: Page;
let consumerErrors: string[] = [];

describe('journey 1: complaint with evidence → accepted → mediation → partial-refund offer accepted → refunded', () => {
  it('the consumer files a complaint from an order, with a photo, and sees whose move it is', async () => {
    consumer = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = consumer;
    consumerErrors = watchPageErrors(consumer);
    await signIn(consumer, j.server.baseUrl, 'consumer1');

    await consumer
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '我的订单' })
      .click();
    const card = consumer.getByTestId('order-card').filter({ hasText: ORDER_TITLE });
    await card.waitFor();
    expect(await card.textContent()).toContain('星河演艺');
    await card.getByTestId('file-case').click();

    await consumer.getByRole('heading', { level: 1, name: '发起投诉 / 退款' }).waitFor();
    const form = consumer.getByTestId('file-case-form');
    await form.getByText('投诉', { exact: true }).click();
    await chooseOption(consumer, '遇到了什么问题', '与描述不符');
    await consumer.getByLabel('标题').fill(CASE_TITLE);
    await consumer
      .getByLabel('问题描述')
      .fill('购票页面显示内场 A 区为前十排，入场后实际座位在第二十五排，与购票时的座位图明显不符。');
    await chooseOption(consumer, '您的诉求', '部分退款');
    await consumer.getByLabel('申请金额（元）').fill('800');
    await chooseOption(consumer, '证据类型', '订单截图');
    await form
      .locator('input[type=file]')
      .setInputFiles({ name: '座位图截图.png', mimeType: 'image/png', buffer: pngFixture() });
    await form.getByText('座位图截图.png').waitFor();
    await form.getByRole('button', { name: /^提\s*交$/ }).click();

    await consumer.waitForURL(/\/complaints\/case_[a-z0-9]+$/);
    caseId = consumer.url().split('/').pop()!;
    await consumer.getByRole('heading', { level: 1, name: CASE_TITLE }).waitFor();
    await waitForStage(consumer, '受理审查中');
    const banner = consumer.getByTestId('status-banner');
    expect(await banner.getByRole('heading').textContent()).toBe('平台处理中');
    expect(await banner.textContent()).toMatch(/受理审查期限：\d+月\d+日/);
    // The photo went up right after filing, typed as the consumer chose.
    const evidence = consumer.getByTestId('evidence-item');
    await evidence.first().waitFor();
    expect(await evidence.first().textContent()).toContain('订单截图');
    expect(await evidence.first().textContent()).toContain('座位图截图.png');
    expect(await consumer.getByTestId('party-actions').textContent()).toContain('撤回');
  });

  it('the agent finds it in the new-complaints queue and accepts it', async () => {
    expect(caseId, 'the complaint was not filed; the later steps have nothing to act on').not.toBe('');
    const agent = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = agent;
    const errors = watchPageErrors(agent);
    await signIn(agent, j.server.baseUrl, 'agent1');
    await agent.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工作队列' }).click();
    await agent.getByRole('tab', { name: '新投诉', selected: true }).waitFor();
    const row = agent.getByTestId('queue-new').locator('tr', { hasText: CASE_TITLE });
    await row.waitFor();
    expect(await row.textContent()).toContain('受理审查中');
    await j.shoot(agent, 'journey1-queue-agent-desktop');

    await row.getByRole('link').click();
    await agent.waitForURL(`**/cases/${caseId}`);
    const composer = agent.getByTestId('staff-composer');
    await composer
      .getByRole('radiogroup', { name: '选择要进行的操作' })
      .getByText('受理', { exact: true })
      .click();
    await agent
      .getByTestId('action-form-accept')
      .getByRole('button', { name: /^受\s*理$/ })
      .click();
    await waitForStage(agent, '调查中');
    expect(errors).toEqual([]);
  });

  it('the handler starts mediation from the workspace', async () => {
    expect(caseId, 'the complaint was not filed; the later steps have nothing to act on').not.toBe('');
    const handler = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = handler;
    const errors = watchPageErrors(handler);
    await signIn(handler, j.server.baseUrl, 'handler1');
    await handler.goto(`${j.server.baseUrl}/cases/${caseId}`);
    await handler.getByTestId('case-workspace').waitFor();
    // Staff read the consumer's contact details as their role allows, and every deadline with its clause.
    expect(await handler.getByTestId('deadline-list').textContent()).toContain('首次响应');
    await handler.getByRole('radiogroup', { name: '选择要进行的操作' }).getByText('开始调解').click();
    await handler
      .getByTestId('action-form-start_mediation')
      .getByRole('button', { name: '开始调解' })
      .click();
    await waitForStage(handler, '调解中');

    // An internal note: staff only, never shown to the parties (checked on the consumer's page below).
    const messages = handler.getByTestId('case-messages');
    await chooseOption(handler, '可见范围', '内部备注（仅平台可见）');
    await messages.getByLabel('消息内容').fill(INTERNAL_NOTE);
    await messages.getByRole('button', { name: /发\s*送$/ }).click();
    const note = messages.locator('.message--internal', { hasText: INTERNAL_NOTE });
    await note.waitFor();
    expect(await note.textContent()).toContain('内部备注');
    await withoutToasts(handler);
    await j.shoot(handler, 'journey1-workspace-handler-desktop');
    expect(errors).toEqual([]);
  });

  it('the merchant sees the case in its inbox and offers a partial refund', async () => {
    expect(caseId, 'the complaint was not filed; the later steps have nothing to act on').not.toBe('');
    const merchant = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = merchant;
    const errors = watchPageErrors(merchant);
    await signIn(merchant, j.server.baseUrl, 'merchant1');
    await merchant
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '案件收件箱' })
      .click();
    const row = merchant.getByTestId('inbox').locator('tr', { hasText: CASE_TITLE });
    await row.waitFor();
    await row.getByTestId('inbox-asked').waitFor();
    expect(await row.textContent()).toContain('调解中');
    await j.shoot(merchant, 'journey1-inbox-merchant-desktop');

    await row.getByRole('link').click();
    await merchant.waitForURL(`**/inbox/${caseId}`);
    await merchant.getByRole('button', { name: '提出方案' }).click();
    // The form slides open; type and click once it has stopped moving.
    await settle(merchant);
    const offerForm = merchant.getByTestId('offer-form');
    await offerForm.getByLabel('金额（元）').fill(OFFER_YUAN);
    await offerForm.getByLabel('说明').fill('按内场 A 区与实际座位区域的票面差价退还，每张 250 元。');
    const [posted] = await Promise.all([
      merchant.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith(`/cases/${caseId}/offers`),
      ),
      offerForm.getByRole('button', { name: '提交方案' }).click(),
    ]);
    expect(posted.status()).toBe(200);
    const offer = merchant.getByTestId('offer').first();
    await offer.filter({ hasText: '我提出' }).waitFor();
    expect(await offer.textContent()).toContain(OFFER_TEXT);
    expect(await offer.textContent()).toContain('等待对方答复');
    expect(errors).toEqual([]);
  });

  it('the consumer accepts the offer; the agreement is carried out and the refund shows as paid', async () => {
    expect(caseId, 'the complaint was not filed; the later steps have nothing to act on').not.toBe('');
    j.current = consumer;
    await consumer.reload();
    const offer = consumer.getByTestId('offer').filter({ hasText: '商家提出' }).first();
    await offer.waitFor();
    expect(await offer.textContent()).toContain(OFFER_TEXT);
    await offer.getByRole('button', { name: '接受方案' }).click();
    const dialog = consumer.getByRole('dialog', { name: '确认接受该方案？' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '接受方案' }).click();

    // The agreement is in force at once: execution, then closed when the refund is paid — whichever the
    // page shows by now.
    await consumer
      .getByTestId('case-stage')
      .filter({ hasText: /^(执行中|已办结)$/ })
      .waitFor();
    const outcome = consumer.getByTestId('case-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('调解协议');
    expect(await outcome.getByTestId('remedy-amount').first().textContent()).toBe(OFFER_TEXT);
    expect(await consumer.getByTestId('case-timeline').textContent()).toContain('接受方案，达成调解协议');

    // The refund shows in the money section: queued at once, then paid back by the simulated provider (the
    // section polls every 3 s while a refund is on its way; the dispatcher runs every second).
    const refund = consumer.getByTestId('case-refund');
    await refund.first().waitFor();
    expect(await refund.first().textContent()).toContain(OFFER_TEXT);
    await refund.filter({ hasText: '已退回原支付账户' }).first().waitFor({ timeout: 30_000 });
    expect(await consumer.getByTestId('case-money').textContent()).toMatch(/已退款\s*¥500\.00/);
    await waitForStage(consumer, '已办结');

    // The bell counts the notices of each step; its list leads back to the case.
    await consumer.getByTestId('notice-bell').click();
    await consumer
      .getByTestId('notice-panel')
      .getByText(/有新进展/)
      .first()
      .waitFor();
    await consumer.keyboard.press('Escape');
    await j.shoot(consumer, 'journey1-case-consumer-desktop');
    // In English the same notices read in English.
    await consumer.getByRole('button', { name: 'Switch to English' }).click();
    await consumer.getByTestId('notice-bell').click();
    await consumer
      .getByTestId('notice-panel')
      .getByText(/Your case AC-\d{4}-\d{6} has news/)
      .first()
      .waitFor();
    expect(await consumer.getByTestId('notice-panel').textContent()).not.toMatch(/有新进展/);
    await j.shoot(consumer, 'journey1-notices-english-desktop');
    await consumer.keyboard.press('Escape');
    await consumer.getByRole('button', { name: '切换到中文' }).click();
    expect(consumerErrors).toEqual([]);

    const phone = await newPage(j.browser, j.contexts, PHONE, true);
    j.current = phone;
    const errors = watchPageErrors(phone);
    await signIn(phone, j.server.baseUrl, 'consumer1');
    await phone.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的投诉' }).click();
    await phone.getByTestId('case-card').filter({ hasText: CASE_TITLE }).click();
    await waitForStage(phone, '已办结');
    await phone.getByTestId('case-refund').filter({ hasText: '已退回原支付账户' }).first().waitFor();
    const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await j.shoot(phone, 'journey1-case-consumer-phone', false);
    await j.shoot(phone, 'journey1-case-consumer-phone-full');
    expect(errors).toEqual([]);
  });
});
