/**
 * A real headless Chromium driven by playwright-core, for tests of pages:
 * `CHROMIUM_PATH` when set, else Debian's `/usr/bin/chromium` when installed
 * (it starts faster), else the binary that the npm package
 * `@sparticuz/chromium` ships inside its tarball, so `npm install && npm test`
 * needs nothing installed by hand. Closed after the test file: PID 1 on these
 * machines does not reap orphans.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { onCleanup } from './cleanup.ts';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flag Chromium keeps dialling out, and this closed network refuses each attempt.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * The browser binary. The packaged one is unpacked into the temp directory on
 * first use (about 5 s), which two test files must not do at once: the global
 * setup calls this once and exports the path as `CHROMIUM_PATH`.
 */
export async function chromiumExecutable(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: await chromiumExecutable(), args: ARGS });
  onCleanup(() => browser.close());
  return browser;
}
