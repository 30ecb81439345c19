import type { Vocabulary } from './types.js';

const r = String.raw;

// Restoration: active water, sewage and fire damage; mould and old damage are routine.
export const RESTORATION_VOCABULARY: Vocabulary = {
  concepts: {
    freshDamage: r`\b((water|fire|smoke|flood|storm) damage\b.{0,40}\b(today|tonight|last night|this morning|just|right now|still wet|spreading)|(carpet|floor|drywall|basement)s? (is |are )?(soaked|saturated|under water|underwater))\b`,
  },
  rules: [
    { level: 'HIGH', reason: 'fresh water or fire damage', all: ['freshDamage'] },
  ],
};
