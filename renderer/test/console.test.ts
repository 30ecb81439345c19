import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDir } from '../../server/test-kit/browser.js';
import { startTestServer, type TestServer } from '../../server/test-kit/server-harness.js';
import { tempDir } from '../../server/test-kit/test-config.js';
import { buildConsole } from './build-console.js';

let server: TestServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const out = tempDir('leads-console-');

beforeAll(async () => {
  await buildConsole(out.dir);
  server = await startTestServer({}, { consoleDir: out.dir });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', (error) => consoleErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  out.remove();
});

describe('the admin console in Chromium', () => {
  it('asks for the token, refuses a wrong one, and opens with the right one', async () => {
    await page.goto(`${server.adminUrl}/`);
    await page.getByLabel('Admin token').fill('wrong-token-wrong-token');
    await page.getByRole('button', { name: 'Open console' }).click();
    await expect.poll(() => page.getByText('That token was not accepted').isVisible()).toBe(true);
    await page.getByLabel('Admin token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Open console' }).click();
    await expect.poll(() => page.getByTestId('health-status').textContent()).toContain('healthy');
    await expect.poll(() => page.locator('.live').textContent()).toBe('Live');
  });

  it('creates a FREE business and shows an upgrade prompt at the sixth question', async () => {
    await page.getByRole('link', { name: 'Businesses' }).click();
    await page.getByRole('button', { name: 'Add a business' }).click();
    const form = page.getByRole('form', { name: 'New business' });
    await form.getByLabel('Name').fill('Sunrise HVAC');
    await form.getByLabel('Industry').selectOption('hvac');
    await form.getByLabel('Owner mobile').fill('+15125550161');
    await form.getByLabel('Owner email').fill('owner@sunrise.example');
    await form.getByLabel('Time zone').fill('America/Chicago');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Edit business' }).isVisible()).toBe(true);
    expect(await page.getByText('The voice agent, emergency calls to your phone and branding removal come with PRO.').isVisible()).toBe(true);

    const add = page.getByRole('form', { name: 'Add a question' });
    for (let i = 1; i <= 6; i++) {
      await add.getByLabel('Question').fill(`Question number ${i}?`);
      await add.getByRole('button', { name: 'Add' }).click();
      if (i <= 5) await expect.poll(() => page.locator('.questions li').count()).toBe(i);
    }
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/FREE plan allows at most 5 lead questions.*Upgrade the plan/);
    expect(await page.locator('.questions li').count()).toBe(5);
    const stored = server.services.businesses.list().find((b) => b.name === 'Sunrise HVAC')!;
    expect(server.services.questions.list(stored.id)).toHaveLength(5);
  });

  it('shows a new lead live, without a reload, and its detail', async () => {
    await page.getByRole('link', { name: 'Leads' }).click();
    await expect.poll(() => page.getByText('0 leads').isVisible()).toBe(true);
    const business = server.services.businesses.list()[0]!;
    const lead = server.services.leads.create({ businessId: business.id, channel: 'chat', callerName: 'Dana <b>Bold</b>' });
    server.services.leads.recordField(lead.id, 'issue', 'furnace blowing cold air');
    await expect.poll(() => page.getByText('1 leads').isVisible()).toBe(true);
    await page.getByRole('cell', { name: 'Dana <b>Bold</b>' }).click();
    const detail = page.getByRole('complementary', { name: 'Lead detail' });
    await expect.poll(() => detail.textContent()).toContain('furnace blowing cold air');
    // Visitors' words are shown as text, never as markup.
    expect(await detail.locator('b', { hasText: 'Bold' }).count()).toBe(0);
    await detail.getByLabel('Set status').selectOption('contacted');
    await expect.poll(() => server.services.leads.get(lead.id).status).toBe('contacted');
  });

  it('raises an emergency banner when a lead turns URGENT, and acknowledges it', async () => {
    const business = server.services.businesses.list()[0]!;
    const lead = server.services.leads.create({ businessId: business.id, channel: 'voice', callerPhone: '+15125550148' });
    server.services.leads.flagEmergency(lead.id, 'gas smell in the kitchen');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('gas smell in the kitchen');
    await expect.poll(() => page.getByRole('alert').getByRole('button', { name: 'Acknowledge' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(screenshotDir(), 'console-leads.png') });
    await page.getByRole('alert').getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    const chain = server.services.db.prepare('SELECT status, acknowledged_via FROM alert_chains WHERE lead_id = ?').get(lead.id);
    expect(chain).toEqual({ status: 'acknowledged', acknowledged_via: 'console' });
    // Refused requests (the wrong token, the sixth question) are logged by the browser itself; anything else
    // (a script error, a CSP violation) is a bug.
    expect(consoleErrors.filter((text) => !/Failed to load resource|WebSocket connection .* failed/.test(text))).toEqual([]);
  });
});

describe('the knowledge base page', () => {
  it('adds material and answers a question from it', async () => {
    await page.getByRole('link', { name: 'Knowledge' }).click();
    const add = page.getByRole('form', { name: 'Add text' });
    await add.getByLabel('Title').fill('Service area');
    await add.getByLabel(/^Text/).fill('We serve Austin, Round Rock and Cedar Park. Drain cleaning starts at $149.');
    await add.getByRole('button', { name: 'Add text' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Service area', exact: true }).isVisible()).toBe(true);
    const ask = page.getByRole('form', { name: 'Try a question' });
    await ask.getByLabel('Question').fill('do you service round rock');
    await ask.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => ask.locator('li').first().textContent()).toContain('Round Rock');
    expect(await page.getByTestId('kb-mode').textContent()).toMatch(/Search mode: keyword/);
  });
});
