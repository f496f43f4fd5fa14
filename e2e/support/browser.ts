import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './server.js';

export const SCREENSHOT_DIR = path.join(repoRoot, 'e2e', 'screenshots');

/** Launches the system Chromium (Debian's package; `CHROMIUM_PATH` overrides) headless. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}; run \`apt-get install -y chromium\` or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/**
 * Waits until finite animations and transitions (collapse, modal, drawer) have finished, so the next click
 * lands on the element where it will stay. Endless ones (spinners) are ignored; gives up after 3 s.
 */
export async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(
      `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)`,
      undefined,
      { timeout: 3_000 },
    )
    .catch(() => undefined);
}

/**
 * Saves a screenshot under e2e/screenshots/ and returns its path. Full page by default; phone shots use
 * the viewport so fixed elements (the bottom tab bar) sit where a person sees them.
 */
export async function saveScreenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let finite transitions (collapse, menus, fades) finish so the picture shows the settled page.
  await settle(page);
  // A full-page picture of a scrolled page shows the sticky header half-way down; start from the top.
  if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Collects uncaught page errors and console errors, so a journey can assert the page stayed clean. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every non-2xx response as "Failed to load resource"; the signed-out 401 from
    // /auth/me is expected, and real API failures surface in the page itself.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console.error: ${message.text()}`);
    }
  });
  return errors;
}
