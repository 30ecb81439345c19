/**
 * The SSML that Twilio's `<Say>` accepts with Amazon Polly voices (twilio.com/docs/voice/twiml/say/text-speech):
 * these elements, nested inside `<Say>` without a `<speak>` root. A call template is owner-edited, and the
 * caller's own words are rendered into it, so what goes into the TwiML is checked first: well-formed, and
 * nothing but these elements, which is what keeps it inside `<Say>` (no `<Dial>` can be smuggled in).
 */
const allowedElements = new Set(['break', 'emphasis', 'lang', 'p', 'phoneme', 'prosody', 's', 'say-as', 'sub', 'w', 'amazon:effect', 'amazon:domain']);

const token =
  /<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos);|[<&]/g;

/** Undefined when the SSML is fine to put inside `<Say>`; otherwise what is wrong with it. */
export function ssmlProblem(ssml: string): string | undefined {
  const open: string[] = [];
  for (const match of ssml.matchAll(token)) {
    const [whole, closing, name] = match;
    if (whole === '<') return 'a "<" that does not start an element (write &lt;)';
    if (whole === '&') return 'an "&" that does not start an entity (write &amp;)';
    if (!name) continue; // an entity or a comment
    if (!allowedElements.has(name)) return `<${name}> is not an SSML element Twilio's <Say> accepts`;
    if (match[4]) continue; // self-closing
    if (closing) {
      const expected = open.pop();
      if (expected !== name) return expected ? `</${name}> closes <${expected}>` : `</${name}> has no opening tag`;
    } else {
      open.push(name);
    }
  }
  return open.length ? `<${open.at(-1)}> is never closed` : undefined;
}

/** Comments are for the person editing the template, not for Twilio. */
export function stripComments(ssml: string): string {
  return ssml.replace(/<!--[\s\S]*?-->/g, '');
}
