import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium under Playwright (no browser download). The flags keep it from reaching Google's
 * services, which this machine's closed network refuses (and which tests must not depend on anyway).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
