import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, saveScreenshot } from './browser.js';
import { startServer, type RunningServer } from './server.js';

/** What a journey file shares across its steps: the server, the browser, and the pictures taken. */
export type Journey = {
  server: RunningServer;
  browser: Browser;
  contexts: BrowserContext[];
  screenshots: string[];
  /** The page a step works in, photographed when the step fails (the picture says more than a timeout). */
  current: Page | undefined;
  /** Saves a screenshot and lists it in the file's summary. */
  shoot: (page: Page, name: string, fullPage?: boolean) => Promise<void>;
};

/**
 * Registers a journey file's hooks — a server with the demo data and Chromium before, a picture of the page
 * of a failing step after each, everything closed and the screenshots listed at the end — and returns the
 * state the steps share (filled in once `beforeAll` has run).
 */
export function useJourney(): Journey {
  const j = {
    contexts: [] as BrowserContext[],
    screenshots: [] as string[],
    current: undefined,
    shoot: async (page: Page, name: string, fullPage = true) => {
      j.screenshots.push(await saveScreenshot(page, name, fullPage));
    },
  } as unknown as Journey;
  beforeAll(async () => {
    j.server = await startServer();
    j.browser = await launchBrowser();
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && j.current) {
      const name = `failed-${context.task.name.slice(0, 40).replace(/[^\w]+/g, '-')}`;
      j.screenshots.push(await saveScreenshot(j.current, name).catch(() => `(no screenshot: ${name})`));
    }
  });
  afterAll(async () => {
    for (const context of j.contexts) await context.close().catch(() => undefined);
    await j.browser?.close();
    await j.server?.stop();
    if (j.screenshots.length > 0)
      console.log(`Screenshots:\n${j.screenshots.map((s) => `  ${s}`).join('\n')}`);
  });
  return j;
}
