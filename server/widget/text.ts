/**
 * Puts a message on the page as text and nothing else: HTML and markdown from the visitor or the model stay
 * visible characters (text nodes, never innerHTML). Bare http(s) URLs become links that open in a new tab
 * without access to this page; any other scheme (javascript:, data:) stays text.
 */
const urlPattern = /\bhttps?:\/\/[^\s<>"']+/g;

export function renderText(target: HTMLElement, text: string): void {
  target.textContent = '';
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    // Sentence punctuation after a link is not part of it.
    const raw = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index ?? 0;
    target.append(text.slice(last, start));
    target.append(safeLink(raw));
    last = start + raw.length;
  }
  target.append(text.slice(last));
}

function safeLink(raw: string): Node {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return document.createTextNode(raw);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return document.createTextNode(raw);
  const a = document.createElement('a');
  a.href = url.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer nofollow ugc';
  a.textContent = raw;
  return a;
}
