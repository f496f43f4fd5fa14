import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchPageErrors } from './support/browser.js';
import { buttonName, chooseStaffAction, waitForStage, withoutToasts } from './support/case.js';
import { useJourney } from './support/journey.js';
import { chooseOption, DESKTOP, newPage, PHONE, signIn } from './support/session.js';

/**
 * Journey 2 of issue 7: mediation ends without agreement → the handler decides (a full refund, citing the
 * rule) and serves the decision → the consumer appeals → a reviewer who did not decide upholds it → the
 * handler confirms it was carried out and the case closes.
 *
 * The order is T20261002 (长三角数字消费峰会 · 标准票, ¥599) of consumer1, sold by 星河演艺.
 */

const ORDER_TITLE = '长三角数字消费峰会 · 标准票';
const CASE_TITLE = '峰会门票申请退票被拒';
const DECISION = '经核查，购票页面载明“开展前 7 日可退票”，消费者于开展前 10 日申请，商家应全额退款。';
const CLAUSE = '消费者权益保护法 第二十四条';
const APPEAL = '除票款外，商家还应承担我为参会预订的不可退酒店损失。';
const REVIEW = '酒店损失不属于本订单的交易范围，原处理决定认定事实清楚，维持原决定。';

const j = useJourney();
let caseId = '';
let consumer: Page;

const needCase = () =>
  expect(caseId, 'the complaint was not filed; the later steps have nothing to act on').not.toBe('');

/** A staff member's page on the case workspace. */
async function staffOn(username: string): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(j.browser, j.contexts, DESKTOP);
  j.current = page;
  const errors = watchPageErrors(page);
  await signIn(page, j.server.baseUrl, username);
  await page.goto(`${j.server.baseUrl}/cases/${caseId}`);
  await page.getByTestId('case-workspace').waitFor();
  return { page, errors };
}

describe('journey 2: no agreement → decision → appeal → upheld by another reviewer → closed', () => {
  it('the consumer files a ticket-refund complaint, and an agent accepts it', async () => {
    consumer = await newPage(j.browser, j.contexts, DESKTOP);
    j.current = consumer;
    const errors = watchPageErrors(consumer);
    await signIn(consumer, j.server.baseUrl, 'consumer1');
    await consumer.goto(`${j.server.baseUrl}/orders`);
    const card = consumer.getByTestId('order-card').filter({ hasText: ORDER_TITLE });
    await card.getByTestId('file-case').click();
    await consumer.getByRole('heading', { level: 1, name: '发起投诉 / 退款' }).waitFor();
    const form = consumer.getByTestId('file-case-form');
    await form.getByText('投诉', { exact: true }).click();
    await chooseOption(consumer, '遇到了什么问题', '退票纠纷');
    await consumer.getByLabel('标题').fill(CASE_TITLE);
    await consumer
      .getByLabel('问题描述')
      .fill('峰会开展前 10 天申请退票，页面提示“不支持退票”，与购票时载明的开展前 7 日可退不符。');
    await chooseOption(consumer, '您的诉求', '全额退款');
    await consumer.getByLabel('申请金额（元）').fill('599');
    await form.getByRole('button', { name: buttonName('提交') }).click();
    await consumer.waitForURL(/\/complaints\/case_[a-z0-9]+$/);
    caseId = consumer.url().split('/').pop()!;
    await waitForStage(consumer, '受理审查中');
    expect(errors).toEqual([]);

    const { page: agent, errors: agentErrors } = await staffOn('agent1');
    const accept = await chooseStaffAction(agent, 'accept', '受理');
    await accept.getByRole('button', { name: buttonName('受理') }).click();
    await waitForStage(agent, '调查中');
    expect(agentErrors).toEqual([]);
  });

  it('the handler mediates without agreement, decides with the rule it applies, and serves the decision', async () => {
    needCase();
    const { page: handler, errors } = await staffOn('handler1');
    await (
      await chooseStaffAction(handler, 'start_mediation', '开始调解')
    )
      .getByRole('button', { name: '开始调解' })
      .click();
    await waitForStage(handler, '调解中');
    const end = await chooseStaffAction(handler, 'end_mediation', '结束调解');
    await end.getByLabel('理由').fill('商家坚持不予退票，双方未能达成一致。');
    await end.getByRole('button', { name: '结束调解' }).click();
    await waitForStage(handler, '待平台决定');

    const decide = await chooseStaffAction(handler, 'decide', '作出处理决定');
    await decide.getByLabel('决定书正文').fill(DECISION);
    // The remedy starts as what the consumer asked for: a full refund of ¥599 paid by the merchant.
    expect(await decide.getByLabel('金额（元）').first().inputValue()).toBe('599.00');
    await decide.getByLabel('适用条款 1').fill(CLAUSE);
    await decide.getByRole('button', { name: '作出处理决定' }).click();
    await waitForStage(handler, '已作出处理决定');
    const serve = await chooseStaffAction(handler, 'send_notice', '送达处理决定');
    await serve.getByRole('button', { name: '送达处理决定' }).click();
    await waitForStage(handler, '复议期');
    await withoutToasts(handler);
    await j.shoot(handler, 'journey2-decided-handler-desktop');
    expect(errors).toEqual([]);
  });

  it('the consumer reads the decision and appeals it within the window', async () => {
    needCase();
    j.current = consumer;
    await consumer.reload();
    await waitForStage(consumer, '复议期');
    const outcome = consumer.getByTestId('case-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain(DECISION);
    expect(await outcome.textContent()).toContain('¥599.00');
    await consumer.getByTestId('party-actions').getByRole('button', { name: '申请复议' }).click();
    const dialog = consumer.getByRole('dialog', { name: '申请复议' });
    await dialog.getByLabel('复议理由').fill(APPEAL);
    await dialog.getByRole('button', { name: '申请复议' }).click();
    await waitForStage(consumer, '复议审查中');
  });

  it('a reviewer who did not decide upholds the decision', async () => {
    needCase();
    const { page: reviewer, errors } = await staffOn('reviewer1');
    expect(await reviewer.getByTestId('case-workspace').textContent()).toContain(APPEAL);
    const uphold = await chooseStaffAction(reviewer, 'uphold', '维持原决定');
    await uphold.getByLabel('复议决定理由').fill(REVIEW);
    await uphold.getByRole('button', { name: '维持原决定' }).click();
    await waitForStage(reviewer, '执行中');
    await withoutToasts(reviewer);
    await j.shoot(reviewer, 'journey2-upheld-reviewer-desktop');
    expect(errors).toEqual([]);
  });

  it('the handler confirms the refund was carried out; the consumer sees the case closed', async () => {
    needCase();
    const { page: handler, errors } = await staffOn('handler1');
    await (
      await chooseStaffAction(handler, 'mark_executed', '确认执行完毕')
    )
      .getByRole('button', { name: '确认执行完毕' })
      .click();
    await waitForStage(handler, '已办结');
    expect(errors).toEqual([]);

    const phone = await newPage(j.browser, j.contexts, PHONE, true);
    j.current = phone;
    const phoneErrors = watchPageErrors(phone);
    await signIn(phone, j.server.baseUrl, 'consumer1');
    await phone.goto(`${j.server.baseUrl}/complaints/${caseId}`);
    await waitForStage(phone, '已办结');
    const timeline = await phone.getByTestId('case-timeline').textContent();
    for (const step of ['结束调解', '申请复议', '维持原决定']) expect(timeline).toContain(step);
    const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await j.shoot(phone, 'journey2-closed-consumer-phone', false);
    expect(phoneErrors).toEqual([]);
  });
});
