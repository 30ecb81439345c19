import { stemmer } from 'stemmer';

/**
 * The one place text becomes search terms, for the index and for queries alike: lower case, accents off,
 * English stop words out, Porter stems. FTS5 then indexes these terms with its plain unicode61 tokenizer, so a
 * term here is exactly a term in the index (and in its fts5vocab document counts).
 */

// Question and function words: a caller's "how much does it cost to…" should weigh on "cost", not on "how".
const stopWords = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
  between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few
  for from further get got had hadn't has hasn't have haven't having he her here hers herself him himself his how
  i if in into is isn't it it's its itself just let's me might more most much must my myself no nor not now of off
  on once only or other ought our ours ourselves out over own please same shall she should shouldn't so some such
  than that that's the their theirs them themselves then there there's these they this those through to too
  under until up us very was wasn't we we're were weren't what what's when where which while who whom why will
  with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves hi hello hey tell know
  like want need i'm i'd ok okay yes yeah thanks thank anything something one guys`.split(/\s+/),
);

// Conversational filler: words people wrap around a question ("can someone come right now", "do you go as
// far as", "how long have you…") that carry no subject. Kept out like stop words, or they weigh as much as the
// subject and sink a passage that answers under the coverage bar.
const fillerWords = `someone somebody anyone anybody everyone everybody come comes coming came go goes going gone went
  far right really actually make makes made maybe sure still long put way`.split(/\s+/);
for (const word of fillerWords) stopWords.add(word);

const wordPattern = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

function normalize(text: string): string {
  // NFKD splits "é" into "e" + a combining mark, which the next replace drops.
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The stems of `text` in order, stop words removed (a word may repeat: term frequency matters to BM25). */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const match of normalize(text).matchAll(wordPattern)) {
    const word = match[0];
    if (stopWords.has(word)) continue;
    // "plumber's" → "plumber"; the apostrophe form is only kept to recognise stop words such as "don't".
    const bare = word.replace(/'.*$/, '');
    if (!bare || stopWords.has(bare)) continue;
    out.push(/^\d/.test(bare) ? bare : stemmer(bare));
  }
  return out;
}

/** The distinct query terms, in the order first seen, at most `limit` of them. */
export function queryTerms(text: string, limit = 16): string[] {
  return [...new Set(termsOf(text))].slice(0, limit);
}

/**
 * How customers ask versus how businesses write: "are you open" / "hours", "how much" / "price", "fix" /
 * "repair". Words of one group stand in for each other on the keyword side, so keyword-only mode (no OpenAI
 * key) still finds the hours when asked whether the shop is open. Deliberately generic customer-service
 * vocabulary, not any one trade's; the embeddings cover the rest when they are available.
 */
const synonymGroups = [
  'cost price prices charge charges fee fees rate rates expensive cheap pricing',
  'open opening hours close closed',
  'fix repair repairs',
  'area cover serve travel city cities town towns',
  'pay payment card cards credit cash check accept',
  'appointment appointments book booking schedule',
  'emergency emergencies urgent asap immediately',
  'warranty warranties guarantee guaranteed',
  'night nights evening evenings overnight after-hours',
  'quick quickly fast soon arrive arrival',
  'unclog clog clogged clogs blocked',
  // "Unclog a sink" is how people ask for what a price list calls "drain cleaning" (one way: a clog is not a cleaning).
  'unclog unblock clean cleaning',
  'estimate estimates quote quotes',
  'discount discounts deal deals coupon coupons',
  'license licensed insured insurance certified',
  'weekend weekends saturday sunday',
  // Language support, asked in English or Spanish ("¿Hablan español?"; accents are already off here).
  'speak speaks spoken speaking language languages habla hablan hablas hablamos hablar',
  'spanish espanol',
].map((group) => [...new Set(group.split(' ').flatMap((word) => termsOf(word)))]);

const synonymsOf = new Map<string, string[]>();
for (const group of synonymGroups) {
  for (const term of group) synonymsOf.set(term, [...new Set([...(synonymsOf.get(term) ?? []), ...group.filter((t) => t !== term)])]);
}

export interface QueryTerm {
  term: string;
  /** Terms that answer for this one (its synonyms); a chunk with any of them covers the term. */
  alternatives: string[];
}

/** The query's terms, each with its synonyms. */
export function expandQuery(text: string, limit = 16): QueryTerm[] {
  return queryTerms(text, limit).map((term) => ({ term, alternatives: synonymsOf.get(term) ?? [] }));
}

/** An FTS5 MATCH expression that finds chunks with any of the terms (each quoted: no FTS5 syntax gets in). */
export function matchAny(terms: string[]): string {
  return terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(' OR ');
}
