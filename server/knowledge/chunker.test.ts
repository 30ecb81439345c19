import { describe, expect, it } from 'vitest';
import { chunkText } from './chunker.js';

describe('chunkText', () => {
  it('follows headings: one section never shares a chunk with another, and each keeps its heading path', () => {
    const chunks = chunkText('# Prices\n\n## Drains\n\nDrain cleaning costs $149.\n\n## Toilets\n\nToilet repair starts at $125.');
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([
      ['Prices › Drains', 'Drain cleaning costs $149.'],
      ['Prices › Toilets', 'Toilet repair starts at $125.'],
    ]);
    expect(chunks.map((c) => c.position)).toEqual([0, 1]);
  });

  it('makes each Q/A pair a chunk headed by its question, answers over several lines included', () => {
    const chunks = chunkText('Q: Are you open Sunday?\nA: Yes, 9 am to 3 pm.\n\nQ: Do you take cards?\nA: Visa and Mastercard.\nAmex too.');
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toMatchObject({ heading: 'Are you open Sunday?', text: 'Q: Are you open Sunday?\nA: Yes, 9 am to 3 pm.' });
    expect(chunks[1]!.text).toContain('Amex too.');
  });

  it('caps chunk size, cutting at sentences, and repeats the last sentence of one chunk at the start of the next', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} says something useful about plumbing.`);
    const chunks = chunkText(`# Long\n\n${sentences.join(' ')}`, { maxChars: 300, overlapChars: 100 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(300);
    // Every sentence survives whole somewhere.
    for (const sentence of sentences) expect(chunks.some((c) => c.text.includes(sentence))).toBe(true);
    const lastOfFirst = chunks[0]!.text.split(/(?<=\.)\s+/).at(-1)!;
    expect(chunks[1]!.text.startsWith(lastOfFirst)).toBe(true);
  });

  it('cuts a "word" longer than a chunk rather than overflowing', () => {
    const chunks = chunkText('x'.repeat(2500), { maxChars: 1000 });
    expect(chunks.length).toBe(3);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(1000);
    expect(chunks.map((c) => c.text).join('')).toBe('x'.repeat(2500));
  });

  it('gives the same heading and text the same hash, whatever the spacing or case', () => {
    const [a] = chunkText('# Hours\n\nOpen  Monday to Friday.');
    const [b] = chunkText('# hours\n\nopen monday\nto friday.');
    const [c] = chunkText('# Prices\n\nOpen Monday to Friday.');
    expect(a!.hash).toBe(b!.hash);
    expect(a!.hash).not.toBe(c!.hash);
  });

  it('keeps list items together and skips blocks with no words', () => {
    const chunks = chunkText('# Areas\n\nWe serve:\n- Austin\n- Round Rock\n\n---\n\n***');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.text).toBe('We serve:\n\n- Austin\n- Round Rock');
  });
});
