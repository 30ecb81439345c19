import { runInNewContext } from 'node:vm';

// Polyfill libraries (core-js, inside PDF.js's legacy build) replace built-ins of the realm that loads them, and
// Function.prototype.toString too, so that their replacements look native: a fresh realm's toString tells.
const realToString = runInNewContext('Function.prototype.toString') as (this: unknown) => string;

/** Built-ins on the server's hot paths, read when checked (a polyfill swaps the property, not the function). */
const watched: Array<[string, () => unknown]> = [
  ['JSON.stringify', () => JSON.stringify],
  ['JSON.parse', () => JSON.parse],
  ['Array.prototype.push', () => Array.prototype.push],
  ['Array.prototype.map', () => Array.prototype.map],
  ['Function.prototype.toString', () => Function.prototype.toString],
  ['Promise.prototype.then', () => Promise.prototype.then],
  ['String.prototype.replace', () => String.prototype.replace],
];

/** The names of those built-ins that are no longer V8's own. */
export function replacedBuiltins(): string[] {
  return watched.filter(([, current]) => !/\{ \[native code\] \}$/.test(realToString.call(current()))).map(([name]) => name);
}
