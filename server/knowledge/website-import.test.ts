import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makePdf } from '../test-kit/document-fixtures.js';
import { demoBusinessInput, startTestServer, type TestServer } from '../test-kit/server-harness.js';
import type { Job } from './jobs.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

interface Site {
  origin: string;
  requested: string[];
  pages: Record<string, { type: string; body: string | Buffer; status?: number }>;
}

/** A small website on loopback: a few linked pages, a robots.txt, a PDF, a noindex page, an off-site link. */
async function startSite(): Promise<Site> {
  const site: Site = { origin: '', requested: [], pages: {} };
  const html = (title: string, body: string, head = '') => ({ type: 'text/html; charset=utf-8', body: `<html><head><title>${title}</title>${head}</head><body>${body}</body></html>` });
  site.pages = {
    '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /private/\n' },
    '/': html(
      'Demo Plumbing',
      `<nav><a href="/services">Services</a> <a href="/about">About</a></nav>
       <h1>Welcome</h1><p>Demo Plumbing fixes leaks in Austin.</p>
       <a href="/services#drains">Drains</a> <a href="/private/secret">Staff</a> <a href="http://other.invalid/page">Partner</a>
       <a href="/noindex">Old page</a> <a href="/logo.png">Logo</a> <a href="/prices.pdf">Price list</a>
       <a href="mailto:office@demo.example">Mail</a> <a rel="nofollow" href="/nofollow">Login</a>`,
    ),
    '/services': html('Services', '<h1>Services</h1><h2>Drains</h2><p>We clear clogged drains the same day.</p><a href="/">Home</a>'),
    '/about': html('About us', '<h1>About us</h1><p>Family owned since 2009.</p>'),
    '/noindex': html('Old page', '<p>Outdated content.</p><a href="/linked-from-noindex">More</a>', '<meta name="robots" content="noindex">'),
    '/linked-from-noindex': html('Warranty', '<h1>Warranty</h1><p>One year on labor.</p>'),
    '/prices.pdf': { type: 'application/pdf', body: makePdf([[18, 720, 'Prices'], [11, 690, 'Drain cleaning costs $149.']]) },
    '/private/secret': html('Secret', '<p>Staff only.</p>'),
    '/nofollow': html('Login', '<p>Log in.</p>'),
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    site.requested.push(path);
    const page = site.pages[path];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(page.status ?? 200, { 'content-type': page.type }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return site;
}

async function setup(): Promise<{ s: TestServer; id: string }> {
  const s = await startTestServer();
  cleanup.push(() => s.stop());
  const res = await s.admin('POST', '/api/businesses', demoBusinessInput);
  return { s, id: res.body.id as string };
}

async function importSite(s: TestServer, id: string, url: string, maxPages?: number): Promise<Job> {
  const res = await s.admin('POST', `/api/businesses/${id}/kb/sources/website`, { url, ...(maxPages ? { maxPages } : {}) });
  expect(res.status).toBe(202);
  await s.services.knowledge.idle();
  return (await s.admin('GET', `/api/businesses/${id}/kb/jobs/${res.body.id}`)).body as Job;
}

describe('website import', () => {
  it('follows same-site links, honours robots.txt and meta robots, and imports pages and linked PDFs', async () => {
    const site = await startSite();
    const { s, id } = await setup();
    const job = await importSite(s, id, `${site.origin}/`);
    expect(job).toMatchObject({ kind: 'website', status: 'done', failed: 0 });

    const sources = (await s.admin('GET', `/api/businesses/${id}/kb/sources`)).body as any[];
    expect(sources.map((x) => [x.title, x.kind, new URL(x.url).pathname]).sort()).toEqual(
      [
        ['About us', 'web', '/about'],
        ['Demo Plumbing', 'web', '/'],
        ['Prices', 'web', '/prices.pdf'],
        ['Services', 'web', '/services'],
        ['Warranty', 'web', '/linked-from-noindex'],
      ].sort(),
    );
    expect(job.items.find((i) => i.url?.endsWith('/noindex'))).toMatchObject({ status: 'skipped', message: expect.stringMatching(/noindex/) });
    // Never asked for: disallowed by robots.txt, rel=nofollow, images, other sites; each page once.
    expect(site.requested).not.toContain('/private/secret');
    expect(site.requested).not.toContain('/nofollow');
    expect(site.requested).not.toContain('/logo.png');
    expect(site.requested.filter((p) => p === '/services')).toHaveLength(1);
    expect(site.requested[0]).toBe('/robots.txt');

    const hit = (await s.services.knowledge.search(id, 'how much is drain cleaning')).hits[0];
    expect(hit).toMatchObject({ heading: 'Prices', source: { kind: 'web', url: `${site.origin}/prices.pdf` } });
  });

  it('stops at the page limit', async () => {
    const site = await startSite();
    const { s, id } = await setup();
    const job = await importSite(s, id, `${site.origin}/`, 2);
    expect(job.items.filter((i) => i.status === 'done')).toHaveLength(2);
    expect((await s.admin('GET', `/api/businesses/${id}/kb/sources`)).body).toHaveLength(2);
  });

  it('a second import skips unchanged pages and replaces changed ones', async () => {
    const site = await startSite();
    const { s, id } = await setup();
    await importSite(s, id, `${site.origin}/about`, 1);
    const first = (await s.admin('GET', `/api/businesses/${id}/kb/sources`)).body as any[];
    const again = await importSite(s, id, `${site.origin}/about`, 1);
    expect(again.items[0]).toMatchObject({ status: 'skipped', message: 'unchanged since the last import' });

    site.pages['/about'] = { type: 'text/html', body: '<html><head><title>About us</title></head><body><p>Family owned since 2010.</p></body></html>' };
    const changed = await importSite(s, id, `${site.origin}/about`, 1);
    expect(changed.items[0]).toMatchObject({ status: 'done' });
    const after = (await s.admin('GET', `/api/businesses/${id}/kb/sources`)).body as any[];
    expect(after).toHaveLength(1);
    expect(after[0].id).not.toBe(first[0].id);
    expect((await s.services.knowledge.search(id, 'family owned since when')).hits.map((h) => h.text)).toEqual(['Family owned since 2010.']);
  });

  it('fails with the reason when robots.txt disallows the start page or cannot be read', async () => {
    const site = await startSite();
    const { s, id } = await setup();
    const refused = await importSite(s, id, `${site.origin}/private/secret`);
    expect(refused).toMatchObject({ status: 'failed', error: expect.stringMatching(/robots\.txt .* does not allow/) });

    site.pages['/robots.txt'] = { type: 'text/plain', body: 'oops', status: 503 };
    const unreachable = await importSite(s, id, `${site.origin}/`);
    expect(unreachable).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 503.*RFC 9309/) });
    expect(site.requested).not.toContain('/private/secret');
    expect((await s.admin('GET', `/api/businesses/${id}/kb/sources`)).body).toEqual([]);
  });
});
