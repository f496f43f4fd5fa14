import type { Page } from 'playwright-core';

/** Waits until the case page shows the stage `label` (the tag in its header). */
export async function waitForStage(page: Page, label: string): Promise<void> {
  await page
    .getByTestId('case-stage')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .waitFor();
}

/** In the staff workspace: picks an action in the composer and returns its form. */
export async function chooseStaffAction(page: Page, action: string, label: string) {
  await page
    .getByTestId('staff-composer')
    .getByRole('radiogroup', { name: '选择要进行的操作' })
    .getByText(label, { exact: true })
    .click();
  const form = page.getByTestId(`action-form-${action}`);
  await form.waitFor();
  return form;
}

/** A submit button whose CJK label antd may have spaced out ("受 理"). */
export function buttonName(label: string): RegExp {
  return new RegExp(`^${[...label].join('\\s*')}$`);
}

/** Toasts ("已提交…") fade after 3 s; pictures are taken of the page, not of the toast. */
export async function withoutToasts(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').last().waitFor({ state: 'detached', timeout: 6_000 });
}
