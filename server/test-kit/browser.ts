import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * Where browser tests save their screenshots: docs/screenshots when UPDATE_SCREENSHOTS=1 (to refresh the
 * README's pictures on purpose), a temporary folder otherwise, so a test run never dirties the checkout.
 */
export function screenshotDir(): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'leads-agent-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
