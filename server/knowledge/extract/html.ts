import { compile, type FormatCallback } from 'html-to-text';
import { DomUtils, parseDocument } from 'htmlparser2';
import { tidyText } from './tidy.js';

/** What the website import needs from a page besides its text. */
export interface HtmlPage {
  title: string | undefined;
  /** Markdown-like text: `#` headings, paragraphs, `- ` lists (see chunker.ts). */
  text: string;
  /** Absolute http(s) links, fragment removed, in document order, rel="nofollow" ones left out. */
  links: string[];
  /** `<meta name="robots">` says noindex / nofollow. */
  noindex: boolean;
  nofollow: boolean;
}

// Headings become markdown `#` lines so the chunker can follow the page's sections.
const markdownHeading: FormatCallback = (elem, walk, builder, options) => {
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(`${'#'.repeat(Number(options.level ?? 1))} `);
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 2 });
};

const skip = ['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'nav', 'button', 'select', 'img', 'picture', 'video', 'audio'];

// Compiled once: html-to-text builds a selector decision tree per options object.
const toText = compile({
  wordwrap: false,
  formatters: { markdownHeading },
  selectors: [
    ...skip.map((selector) => ({ selector, format: 'skip' })),
    { selector: 'a', options: { ignoreHref: true } },
    ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, format: 'markdownHeading', options: { level } })),
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 200 } },
    { selector: 'hr', format: 'skip' },
  ],
});

/** Text of an HTML document, keeping its headings; `baseUrl` resolves its links. */
export function readHtml(html: string, baseUrl?: string): HtmlPage {
  const dom = parseDocument(html, { decodeEntities: true });
  const titleElement = DomUtils.findOne((e) => e.name === 'title', dom.children, true);
  const h1 = DomUtils.findOne((e) => e.name === 'h1', dom.children, true);
  const title = clean(titleElement ? DomUtils.textContent(titleElement) : '') || clean(h1 ? DomUtils.textContent(h1) : '') || undefined;

  const robots = DomUtils.findAll((e) => e.name === 'meta' && /^(robots|leadsagent)$/i.test(e.attribs.name ?? ''), dom.children)
    .map((e) => (e.attribs.content ?? '').toLowerCase())
    .join(',');
  const base = DomUtils.findOne((e) => e.name === 'base' && !!e.attribs.href, dom.children, true)?.attribs.href;

  const links: string[] = [];
  if (baseUrl) {
    const resolveFrom = safeUrl(base ?? '', baseUrl) ?? baseUrl;
    for (const a of DomUtils.findAll((e) => e.name === 'a' && !!e.attribs.href, dom.children)) {
      if (/\bnofollow\b/i.test(a.attribs.rel ?? '')) continue;
      const url = safeUrl(a.attribs.href!, resolveFrom);
      if (url && /^https?:$/.test(new URL(url).protocol)) links.push(url);
    }
  }

  return {
    title,
    text: tidyText(toText(html)),
    links: [...new Set(links)],
    noindex: /\b(noindex|none)\b/.test(robots),
    nofollow: /\b(nofollow|none)\b/.test(robots),
  };
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function safeUrl(href: string, base: string): string | undefined {
  try {
    const url = new URL(href.trim(), base);
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}
