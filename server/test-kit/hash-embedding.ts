/**
 * A deterministic stand-in for an embedding model: feature hashing of words and their character 4-grams into
 * `dimension` signed buckets, L2-normalised. Texts that share words or word pieces ("clog" / "clogged") point
 * the same way; unrelated texts are close to orthogonal. It knows no synonyms, so it is a fair, modest
 * stand-in for a real model in the eval and a realistic-sized vector for the benchmark. Written separately
 * from the knowledge base's own stemmer on purpose: the vector side must not simply mirror the keyword side.
 */
const stop = new Set(
  'a an and are as at be but by can do does for from have how i if in is it me my of on or our so that the their there this to was we what when where which who will with you your'.split(
    ' ',
  ),
);

function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function light(word: string): string {
  return word.replace(/(?:ies)$/, 'y').replace(/(?:ing|ed|es|s)$/, '') || word;
}

export function hashEmbedding(text: string, dimension = 1536): Float32Array {
  const vector = new Float32Array(dimension);
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    vector[h % dimension]! += (h & 0x80000000 ? -1 : 1) * weight;
  };
  const words = text.toLowerCase().normalize('NFKD').match(/[a-z0-9]+/g) ?? [];
  for (const raw of words) {
    if (stop.has(raw)) continue;
    const word = light(raw);
    add(`w:${word}`, 1);
    const padded = `#${word}#`;
    const grams = Math.max(padded.length - 3, 1);
    for (let i = 0; i + 4 <= padded.length || i === 0; i++) add(`g:${padded.slice(i, i + 4)}`, 0.8 / Math.sqrt(grams));
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm === 0) {
    vector[fnv1a(text) % dimension] = 1;
    return vector;
  }
  for (let i = 0; i < dimension; i++) vector[i]! /= norm;
  return vector;
}
