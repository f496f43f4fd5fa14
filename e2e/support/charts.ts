import type { Page } from 'playwright-core';

/** What one ECharts chart drew: its SVG's filled shapes and its texts (so a journey can tell it is not empty). */
export async function drawn(page: Page, testId: string): Promise<{ shapes: number; texts: string[] }> {
  await page.getByTestId(testId).locator('svg').waitFor();
  // ECharts animates in; wait until the shapes are there. (Strings: the e2e project has no DOM types.)
  const svg = `document.querySelector('[data-testid="${testId}"] svg')`;
  await page.waitForFunction(`${svg}.querySelectorAll('path').length > 3`);
  return page.evaluate<{ shapes: number; texts: string[] }>(`({
    shapes: ${svg}.querySelectorAll('path[fill]:not([fill="none"]), path[stroke]').length,
    texts: [...${svg}.querySelectorAll('text')].map((t) => t.textContent ?? ''),
  })`);
}
