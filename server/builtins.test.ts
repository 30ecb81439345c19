import { expect, it } from 'vitest';
import { replacedBuiltins } from './test-kit/builtins.js';

it("loading the whole server leaves the JavaScript built-ins native (no dependency's polyfills on the audio path)", async () => {
  await import('./index.js');
  expect(replacedBuiltins()).toEqual([]);
});
