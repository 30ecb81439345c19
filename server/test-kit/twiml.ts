/**
 * Reads TwiML the way Twilio does, enough for the stand-ins: elements, attributes, text, the five XML
 * entities, an XML declaration. It rejects what Twilio rejects (a document that is not well-formed, a root
 * other than <Response>), so a server answering bad XML fails the test.
 */
export interface TwimlNode {
  name: string;
  attributes: Record<string, string>;
  children: Array<TwimlNode | string>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const value = entities[entity];
    if (value === undefined) throw new Error(`Unknown XML entity ${whole}`);
    return value;
  });
}

export function parseTwiml(xml: string): TwimlNode {
  let at = 0;
  const text = xml.replace(/^\uFEFF/, '');
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  skipSpace();
  if (text.startsWith('<?xml', at)) {
    const end = text.indexOf('?>', at);
    if (end === -1) throw new Error('Unterminated XML declaration');
    at = end + 2;
  }
  skipSpace();

  function element(): TwimlNode {
    if (text[at] !== '<') throw new Error(`Expected an element at ${at}`);
    const open = /^<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(text.slice(at));
    if (!open) throw new Error(`Malformed tag at ${at}: ${text.slice(at, at + 40)}`);
    at += open[0].length;
    const name = open[1]!;
    const attributes: Record<string, string> = {};
    for (const match of open[2]!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[match[1]!] = decode(match[2] ?? match[3] ?? '');
    }
    const node: TwimlNode = { name, attributes, children: [] };
    if (open[3] === '/') return node;
    for (;;) {
      if (at >= text.length) throw new Error(`Unclosed <${name}>`);
      if (text.startsWith('</', at)) {
        const close = /^<\/([A-Za-z][\w:.-]*)\s*>/.exec(text.slice(at));
        if (!close || close[1] !== name) throw new Error(`Mismatched closing tag at ${at}, expected </${name}>`);
        at += close[0].length;
        return node;
      }
      if (text[at] === '<') {
        node.children.push(element());
        continue;
      }
      const next = text.indexOf('<', at);
      const chunk = text.slice(at, next === -1 ? text.length : next);
      at += chunk.length;
      node.children.push(decode(chunk));
    }
  }

  const root = element();
  skipSpace();
  if (at !== text.length) throw new Error('Content after the root element');
  if (root.name !== 'Response') throw new Error(`TwiML root must be <Response>, got <${root.name}>`);
  return root;
}

/** The words inside an element, SSML tags and all flattened to text. */
export function textOf(node: TwimlNode | string): string {
  if (typeof node === 'string') return node;
  // An SSML <break/> is a pause between words.
  return node.children.map((child) => (typeof child !== 'string' && child.name === 'break' ? ' ' : textOf(child))).join('');
}

export function elements(node: TwimlNode): TwimlNode[] {
  return node.children.filter((child): child is TwimlNode => typeof child !== 'string');
}
