import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';

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
