import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';

it("loading the whole server leaves the JavaScript built-ins native (no dependency's polyfills on the audio path)", async () => {
  await import('./index.js');
  // A polyfill library also replaces Function.prototype.toString so that its replacements look native: a fresh
  // realm's toString tells the truth.
  const toString = runInNewContext('Function.prototype.toString') as (this: unknown) => string;
  const builtins = {
    'JSON.stringify': JSON.stringify,
    'JSON.parse': JSON.parse,
    'Array.prototype.push': Array.prototype.push,
    'Array.prototype.map': Array.prototype.map,
    'Function.prototype.toString': Function.prototype.toString,
    'Promise.prototype.then': Promise.prototype.then,
    'String.prototype.replace': String.prototype.replace,
  };
  const replaced = Object.entries(builtins).filter(([, fn]) => !/\{ \[native code\] \}$/.test(toString.call(fn)));
  expect(replaced.map(([name]) => name)).toEqual([]);
});
