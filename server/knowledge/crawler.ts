import { createRequire } from 'node:module';
import { formatOf, type FileFormat } from './extract/index.js';
import { readHtml } from './extract/html.js';
import { decodeText } from './extract/text.js';

/**
 * The website import: breadth-first from a start URL over same-site links, up to a page limit, honouring
 * robots.txt (RFC 9309) and `<meta name="robots">`. Pages are handed over one at a time; the caller
 * extracts and stores them, and can stop the crawl with its AbortSignal.
 */
interface Robots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}
// robots-parser is CommonJS whose typings declare an ES default export, which NodeNext resolution reads as
// `module.exports.default`; at run time the function is `module.exports` itself.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, contents: string) => Robots;

export interface CrawlOptions {
  startUrl: string;
  maxPages: number;
  signal: AbortSignal;
  fetch?: typeof fetch;
  /** Pause between requests unless robots.txt asks for more (capped at 10 s). */
  delayMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
}

export type CrawlEvent =
  | { type: 'page'; url: string; format: FileFormat; data: Buffer; title?: string }
  | { type: 'skipped'; url: string; reason: string };

export const crawlerUserAgent = 'LeadsAgent/0.1 (knowledge base import)';
const robotsToken = 'LeadsAgent';

// Links to these never hold text we import.
const assetExtension = /\.(?:jpe?g|png|gif|webp|svg|ico|css|js|mjs|json|xml|zip|gz|rar|7z|mp[34]|mov|avi|wav|woff2?|ttf|eot|exe|dmg|pptx?|xlsx?|csv)$/i;

/** Same site: the same host (a leading "www." ignored) and port. http and https count as one site. */
export function sameSite(a: URL, b: URL): boolean {
  const host = (u: URL) => u.hostname.toLowerCase().replace(/^www\./, '');
  const port = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
  const normalPort = (u: URL) => (port(u) === '443' || port(u) === '80' ? 'default' : port(u));
  return host(a) === host(b) && normalPort(a) === normalPort(b);
}

export class CrawlRefused extends Error {
  override name = 'CrawlRefused';
}

export async function* crawl({ startUrl, maxPages, signal, fetch = globalThis.fetch, delayMs = 250, timeoutMs = 15_000, maxBytes = 5 * 1024 * 1024 }: CrawlOptions): AsyncGenerator<CrawlEvent> {
  const start = new URL(startUrl);
  const robots = new Map<string, Awaited<ReturnType<typeof loadRobots>>>();
  const robotsFor = async (url: URL) => {
    let rules = robots.get(url.origin);
    if (!rules) {
      rules = await loadRobots(url, fetch, signal, timeoutMs);
      robots.set(url.origin, rules);
    }
    return rules;
  };

  const startRules = await robotsFor(start);
  if (!startRules.allowed(start.href)) throw new CrawlRefused(`robots.txt of ${start.origin} does not allow importing ${start.href}`);

  const queue: string[] = [start.href];
  const seen = new Set<string>([key(start)]);
  let pages = 0;
  let first = true;

  while (queue.length && pages < maxPages) {
    signal.throwIfAborted();
    const url = new URL(queue.shift()!);
    let rules: Awaited<ReturnType<typeof loadRobots>>;
    try {
      rules = await robotsFor(url);
    } catch (error) {
      if (signal.aborted) throw error;
      yield { type: 'skipped', url: url.href, reason: (error as Error).message };
      continue;
    }
    if (!rules.allowed(url.href)) {
      yield { type: 'skipped', url: url.href, reason: 'disallowed by robots.txt' };
      continue;
    }
    if (!first) await sleep(Math.min(Math.max(delayMs, (rules.crawlDelay ?? 0) * 1000), 10_000), signal);
    first = false;

    let fetched: Awaited<ReturnType<typeof fetchPage>>;
    try {
      fetched = await fetchPage(url, { fetch, signal, timeoutMs, maxBytes, robotsFor, start });
    } catch (error) {
      if (signal.aborted) throw error;
      yield { type: 'skipped', url: url.href, reason: (error as Error).message };
      continue;
    }
    if (fetched.kind === 'skip') {
      yield { type: 'skipped', url: url.href, reason: fetched.reason };
      continue;
    }
    const finalUrl = fetched.url;
    seen.add(key(new URL(finalUrl)));

    if (fetched.format === 'html') {
      const page = readHtml(decodeText(fetched.data), finalUrl);
      if (!page.nofollow) {
        for (const link of page.links) {
          const next = new URL(link);
          if (!sameSite(next, start) || assetExtension.test(next.pathname) || seen.has(key(next))) continue;
          seen.add(key(next));
          // A bound on the frontier: a site with endless generated links cannot grow it without end.
          if (queue.length < maxPages * 50) queue.push(next.href);
        }
      }
      if (page.noindex) {
        yield { type: 'skipped', url: finalUrl, reason: 'the page asks not to be indexed (meta robots noindex)' };
        continue;
      }
      pages++;
      yield { type: 'page', url: finalUrl, format: 'html', data: fetched.data, title: page.title };
    } else {
      pages++;
      yield { type: 'page', url: finalUrl, format: fetched.format, data: fetched.data };
    }
  }
}

function key(url: URL): string {
  // One page, however it is linked: no fragment, no "www.", either scheme, no trailing slash.
  return `${url.hostname.replace(/^www\./, '')}:${url.port}${url.pathname.replace(/\/+$/, '') || '/'}${url.search}`;
}

async function fetchPage(
  first: URL,
  deps: {
    fetch: typeof fetch;
    signal: AbortSignal;
    timeoutMs: number;
    maxBytes: number;
    robotsFor: (u: URL) => Promise<{ allowed(url: string): boolean }>;
    start: URL;
  },
): Promise<{ kind: 'page'; url: string; format: FileFormat; data: Buffer } | { kind: 'skip'; reason: string }> {
  let url = first;
  // Redirects are followed by hand (at most 5) so each hop is checked for site and robots before it is asked.
  for (let hop = 0; hop <= 5; hop++) {
    const response = await deps.fetch(url, {
      redirect: 'manual',
      headers: { 'user-agent': crawlerUserAgent, accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.1' },
      signal: AbortSignal.any([deps.signal, AbortSignal.timeout(deps.timeoutMs)]),
    });
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel();
      const next = new URL(response.headers.get('location')!, url);
      if (!sameSite(next, deps.start)) return { kind: 'skip', reason: `redirects off the site to ${next.origin}` };
      if (!(await deps.robotsFor(next)).allowed(next.href)) return { kind: 'skip', reason: 'redirects to a page robots.txt disallows' };
      url = next;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { kind: 'skip', reason: `HTTP ${response.status}` };
    }
    const contentType = response.headers.get('content-type') ?? '';
    const format = formatOf(url.pathname, contentType);
    if (!format) {
      await response.body?.cancel();
      return { kind: 'skip', reason: `not a page we import (${contentType.split(';')[0] || 'no content type'})` };
    }
    const data = await readCapped(response, deps.maxBytes);
    if (!data) return { kind: 'skip', reason: `larger than ${Math.round(deps.maxBytes / 1024 / 1024)} MB` };
    return { kind: 'page', url: url.href, format: htmlIfTyped(format, contentType), data };
  }
  return { kind: 'skip', reason: 'too many redirects' };
}

// A URL ending in ".txt" served as text/html is HTML: the server's word wins for pages.
function htmlIfTyped(format: FileFormat, contentType: string): FileFormat {
  return /text\/html|xhtml/i.test(contentType) ? 'html' : format;
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * robots.txt per RFC 9309 §2.3.1: 2xx → its rules; 4xx ("unavailable") → everything allowed; 5xx or no answer
 * ("unreachable") → nothing allowed.
 */
async function loadRobots(url: URL, fetch: typeof globalThis.fetch, signal: AbortSignal, timeoutMs: number) {
  const robotsUrl = new URL('/robots.txt', url.origin).href;
  let status: number;
  let body = '';
  try {
    const response = await fetch(robotsUrl, {
      headers: { 'user-agent': crawlerUserAgent },
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    status = response.status;
    if (response.ok) body = (await readCapped(response, 500 * 1024))?.toString('utf8') ?? '';
    else await response.body?.cancel();
  } catch (error) {
    if (signal.aborted) throw error;
    status = 0;
  }
  if (status >= 400 && status < 500) return { allowed: () => true, crawlDelay: undefined };
  if (status < 200 || status >= 300) {
    throw new CrawlRefused(`robots.txt of ${url.origin} could not be read (${status ? `HTTP ${status}` : 'no answer'}); RFC 9309 then allows nothing`);
  }
  const robots = robotsParser(robotsUrl, body);
  return {
    allowed: (href: string) => robots.isAllowed(href, robotsToken) !== false,
    crawlDelay: robots.getCrawlDelay(robotsToken),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
