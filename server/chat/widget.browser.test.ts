/// <reference lib="dom" />
// page.evaluate callbacks run in the browser: they use its globals.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDir } from '../test-kit/browser.js';
import { startChatCompletionsStandin, type ChatCompletionsStandin } from '../test-kit/chat-completions-standin.js';
import { createChatBusiness } from '../test-kit/chat-fixtures.js';
import { receptionist } from '../test-kit/chat-scenarios.js';
import { startHostPage, type HostPage } from '../test-kit/host-page.js';
import { startTestServer, type TestServer } from '../test-kit/server-harness.js';
import { ensureWidgetBuilt } from '../test-kit/widget-build.js';

const screenshots = screenshotDir();

let browser: Browser;
let standin: ChatCompletionsStandin;
/** With a model (the stand-in) and without (scripted). */
let model: TestServer;
let scripted: TestServer;
let modelSite: HostPage;
let scriptedSite: HostPage;
let strangerSite: HostPage;
const callbacks: Array<{ leadId: string; to: string }> = [];

beforeAll(async () => {
  await ensureWidgetBuilt();
  standin = await startChatCompletionsStandin({ scenario: receptionist, chunkDelayMs: 2 });
  model = await startTestServer(
    { OPENAI_API_KEY: standin.apiKey, OPENAI_BASE_URL: standin.baseUrl },
    { startCallback: async (input) => (callbacks.push(input), { callSid: `CA${'2'.repeat(32)}` }) },
  );
  scripted = await startTestServer();
  modelSite = await startHostPage({ publicUrl: model.publicUrl });
  scriptedSite = await startHostPage({ publicUrl: scripted.publicUrl });
  strangerSite = await startHostPage({ publicUrl: model.publicUrl });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([modelSite?.close(), scriptedSite?.close(), strangerSite?.close()]);
  await Promise.all([model?.stop(), scripted?.stop()]);
  await standin?.close();
});

async function openPage(url: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function openChat(page: Page, title = 'Acme Plumbing'): Promise<void> {
  await page.getByRole('button', { name: `Chat with ${title}` }).click();
  await page.getByRole('dialog').waitFor();
}

/** Types a message as a visitor does (Enter sends) and waits for the agent's answer to appear in full. */
async function say(page: Page, text: string, answer: string | RegExp): Promise<void> {
  const before = await page.locator('[role=log] .m:not(.u):not(.s)').count();
  await page.getByRole('textbox', { name: 'Your message' }).fill(text);
  await page.keyboard.press('Enter');
  await page.locator('[role=log] .m:not(.u):not(.s)').nth(before).filter({ hasText: answer }).waitFor({ timeout: 15_000 });
  await page.locator('[role=log] .d').waitFor({ state: 'detached' });
}

const bubbles = (page: Page) => page.locator('[role=log] .m').allTextContents();

async function latestLead(server: TestServer, businessId: string) {
  const list = (await server.admin('GET', `/api/leads?businessId=${businessId}`)).body;
  return (await server.admin('GET', `/api/leads/${list.items[0].id}`)).body;
}

describe('the widget on a business website', () => {
  it('chats through to a captured lead with the model streaming, and looks right on desktop and mobile', async () => {
    const id = await createChatBusiness(model, { widgetOrigins: [modelSite.origin] });
    const page = await openPage(modelSite.url(id));
    await openChat(page);
    expect(await bubbles(page)).toEqual(['Hi! How can we help you today?']);
    await say(page, 'My kitchen sink is leaking under the cabinet', 'Thanks! What is your name?');
    await say(page, 'Dana Smith', 'What phone number can we reach you on?');
    await say(page, '512 555 0199', 'What is your email address?');
    await say(page, 'dana@example.com', 'What is the address of the property?');
    await say(page, '12 Oak Street, Austin', 'Thank you, I have everything I need.');

    const lead = await latestLead(model, id);
    expect(lead).toMatchObject({ channel: 'chat', callerName: 'Dana Smith', callerPhone: '+15125550199', callerEmail: 'dana@example.com', address: '12 Oak Street, Austin' });
    expect(await page.getByText('Powered by Leads Agent').isVisible()).toBe(true);
    // The host page's CSS ("button { display: none }", red Comic Sans) does not reach inside.
    const send = page.getByRole('button', { name: 'Send' });
    expect(await send.isVisible()).toBe(true);
    expect(await send.evaluate((b) => getComputedStyle(b).fontFamily)).not.toMatch(/Comic/);
    // Nothing on the page moved when the widget arrived.
    expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);

    await page.screenshot({ path: join(screenshots, 'widget-desktop.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screenshots, 'widget-mobile.png') });
    const box = await page.getByRole('dialog').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    await page.context().close();
  });

  it('chats through to a captured lead without a model key (scripted flow)', async () => {
    const id = await createChatBusiness(scripted, { widgetOrigins: [scriptedSite.origin], plan: 'PRO', widget: { hideBranding: true, title: 'Bright Electric', color: '#ffd33d' } });
    const page = await openPage(scriptedSite.url(id));
    await openChat(page, 'Bright Electric');
    await say(page, 'The breaker keeps tripping', 'Thanks for the details. What is your name?');
    await say(page, 'Sam Lee', 'What phone number can we reach you on?');
    await say(page, 'not sure', "That doesn't look like a phone number I can call.");
    await say(page, '(512) 555-0123', 'What is your email address?');
    await say(page, 'sam@example.com', 'What is the address of the property?');
    await say(page, '4 Pine Road', /will get back to you shortly/);
    expect(await latestLead(scripted, id)).toMatchObject({ callerName: 'Sam Lee', callerPhone: '+15125550123', callerEmail: 'sam@example.com' });
    // PRO with hideBranding: no "Powered by"; a light colour gets dark text.
    expect(await page.getByText('Powered by Leads Agent').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send' }).evaluate((b) => getComputedStyle(b).color)).toBe('rgb(17, 17, 17)');
    await page.context().close();
  });

  it('shows the emergency notice and places the PRO call-back', async () => {
    const id = await createChatBusiness(model, { widgetOrigins: [modelSite.origin], plan: 'PRO', name: 'Rapid Rooter' });
    const page = await openPage(modelSite.url(id), { width: 1280, height: 800 });
    await openChat(page, 'Rapid Rooter');
    await say(page, 'A pipe burst and water is flooding the basement!', "I'm alerting the team right now. What phone number can we reach you on?");
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'I understand this is an emergency. I am alerting Rapid Rooter right now.' }).waitFor();
    await alert.getByRole('textbox', { name: 'Your phone number' }).fill('(512) 555-0166');
    await page.screenshot({ path: join(screenshots, 'widget-emergency.png') });
    await alert.getByRole('button', { name: 'Call me now' }).click();
    await page.getByRole('alert').filter({ hasText: "We're calling you now at +15125550166" }).waitFor();
    expect(callbacks.at(-1)).toMatchObject({ to: '+15125550166' });
    expect(await latestLead(model, id)).toMatchObject({ priority: 'URGENT', emergency: true, callerPhone: '+15125550166' });
    await page.context().close();
  });

  it('stays off a website the business has not listed', async () => {
    const id = await createChatBusiness(model, { widgetOrigins: ['https://acme.example'] });
    const context = await browser.newContext();
    const page = await context.newPage();
    const warned = page.waitForEvent('console', (m) => m.type() === 'warning' && m.text().includes('[Leads Agent] chat widget not shown'));
    await page.goto(strangerSite.url(id));
    await warned;
    expect(await page.locator('[data-leads-agent]').count()).toBe(0);
    expect((await model.admin('GET', `/api/leads?businessId=${id}`)).body.total).toBe(0);
    await context.close();
  });

  it('shows hostile HTML and markdown from the visitor and the model as text, with only safe links', async () => {
    const id = await createChatBusiness(model, { widgetOrigins: [modelSite.origin] });
    const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b> **md** [click](javascript:alert(1)) see https://example.com/a?b=1.';
    standin.setScenario(() => ({
      text: 'Sure: <script>window.__pwned=2</script><a href="javascript:alert(1)">free quote</a> javascript:alert(3) http://example.org/x',
    }));
    try {
      const page = await openPage(modelSite.url(id));
      await openChat(page);
      await say(page, hostile, 'free quote');
      const shown = await bubbles(page);
      expect(shown[1]).toBe(`You: ${hostile}`);
      expect(shown[2]).toBe('Sure: <script>window.__pwned=2</script><a href="javascript:alert(1)">free quote</a> javascript:alert(3) http://example.org/x');
      const inside = page.locator('[data-leads-agent] [role=log]');
      expect(await inside.locator('img, b, script').count()).toBe(0);
      const links = await inside.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel'), target: a.getAttribute('target') })));
      expect(links).toEqual([
        { href: 'https://example.com/a?b=1', rel: 'noopener noreferrer nofollow ugc', target: '_blank' },
        { href: 'http://example.org/x', rel: 'noopener noreferrer nofollow ugc', target: '_blank' },
      ]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await page.context().close();
    } finally {
      standin.setScenario(receptionist);
    }
  });

  it('keeps the conversation across a reload, and goes on with it', async () => {
    const id = await createChatBusiness(model, { widgetOrigins: [modelSite.origin] });
    const page = await openPage(modelSite.url(id));
    await openChat(page);
    await say(page, 'My water heater is making a banging noise', 'What is your name?');
    await say(page, 'Robin', 'What phone number can we reach you on?');
    const before = await bubbles(page);
    await page.reload();
    await page.getByRole('dialog').waitFor();
    await page.locator('[role=log] .m', { hasText: 'What phone number can we reach you on?' }).waitFor();
    expect(await bubbles(page)).toEqual(before);
    await say(page, '512 555 0111', 'What is your email address?');
    expect(await latestLead(model, id)).toMatchObject({ callerName: 'Robin', callerPhone: '+15125550111' });
    // One chat, one lead: the reload did not start another.
    expect((await model.admin('GET', `/api/leads?businessId=${id}`)).body.total).toBe(1);
    await page.context().close();
  });

  it('shows a 429 kindly and keeps what the visitor typed', async () => {
    const id = await createChatBusiness(model, { widgetOrigins: [modelSite.origin] });
    // The model holds its answers, so three messages wait and the fourth meets the pending-replies cap (429).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    standin.setScenario(async () => (await held, { text: 'Thanks!' }));
    try {
      const page = await openPage(modelSite.url(id));
      await openChat(page);
      const box = page.getByRole('textbox', { name: 'Your message' });
      const statuses: number[] = [];
      for (const text of ['first', 'second', 'third', 'fourth']) {
        await box.fill(text);
        const answered = page.waitForResponse((r) => r.url().endsWith('/messages') && r.request().method() === 'POST');
        await page.keyboard.press('Enter');
        statuses.push((await answered).status());
      }
      expect(statuses).toEqual([202, 202, 202, 429]);
      await page.locator('[role=log] .m.s', { hasText: "You're sending messages quickly. Please wait a moment, then try again." }).waitFor();
      expect(await box.inputValue()).toBe('fourth');
      expect(JSON.stringify(await bubbles(page))).not.toMatch(/RATE_LIMITED|Too many|429/);
      release();
      await page.locator('[role=log] .m:not(.u):not(.s)', { hasText: 'Thanks!' }).nth(2).waitFor();
      await page.context().close();
    } finally {
      release();
      standin.setScenario(receptionist);
    }
  });

  it('is usable from the keyboard: focus moves in, stays in, and returns on Escape', async () => {
    const id = await createChatBusiness(model, { widgetOrigins: [modelSite.origin] });
    const page = await openPage(modelSite.url(id));
    const launcher = page.getByRole('button', { name: 'Chat with Acme Plumbing' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    const focused = () =>
      page.evaluate(() => {
        const active = document.querySelector('[data-leads-agent]')!.shadowRoot!.activeElement;
        return active ? (active.getAttribute('aria-label') ?? active.textContent) : null;
      });
    expect(await focused()).toBe('Your message');
    // Close, message, Send, and round again: Tab never leaves the dialog.
    const seen = new Set<string | null>();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      seen.add(await focused());
    }
    expect([...seen].sort()).toEqual(['Close chat', 'Send', 'Your message']);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').isHidden()).toBe(true);
    expect(await focused()).toBe('Chat with Acme Plumbing');
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    await page.context().close();
  });
});
