/**
 * A real headless Chromium (Debian's, installed by .ci/run) driven by
 * playwright-core, for tests of pages. Closed after the test file: PID 1 on
 * these machines does not reap orphans.
 */
import { chromium, type Browser } from 'playwright-core';
import { onCleanup } from './cleanup.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  onCleanup(() => browser.close());
  return browser;
}
