import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../local/playground/server';

/** Debian's Chromium (.ci/run installs it); no tool downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';
export const APP_ROOT = path.resolve(__dirname, '../..');

// In CI the browser tests must run: a missing Chromium is a broken install, not a reason to skip.
if (!existsSync(CHROMIUM) && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package.`);
if (!existsSync(CHROMIUM))
  console.warn(`Skipping the playground browser tests: ${CHROMIUM} is absent (install Debian's chromium package).`);
export const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;

/** Headless, no sandbox (a container), and none of the browser's own network traffic. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
    ],
  });
}

/** The playground in its own state directory, and a Chromium page on it; `close` stops both and removes the state. */
export async function openPlayground(options: { taskMs: number; prefix: string }): Promise<{
  playground: Playground;
  browser: Browser;
  page: Page;
  text: (pattern: string | RegExp) => Promise<void>;
  close: () => Promise<void>;
}> {
  const stateDir = mkdtempSync(path.join(tmpdir(), options.prefix));
  const [playground, browser] = await Promise.all([
    startPlayground({ appRoot: APP_ROOT, stateDir, taskMs: options.taskMs, port: 0 }),
    launchChromium(),
  ]);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  return {
    playground,
    browser,
    page,
    text: (pattern) => page.getByText(pattern).first().waitFor({ timeout: 15_000 }),
    close: async () => {
      await browser.close();
      await playground.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
