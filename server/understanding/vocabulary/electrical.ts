import type { Vocabulary } from './types.js';

const r = String.raw;

// Electrical: anything hot, buzzing, smoking or sparking is a fire about to start.
export const ELECTRICAL_VOCABULARY: Vocabulary = {
  concepts: {
    flicker: r`\b(lights? (are |keep |keeps )?(flicker\w*|dimming|surging)|flicker\w*)\b`,
    panelTrouble: r`\b(panel|breaker|meter|fuse)\b.{0,30}\b(rust\w*|wet|water|loose|corroded|fell off|hanging)\b`,
  },
  rules: [
    { level: 'HIGH', reason: 'flickering lights', all: ['flicker'] },
    { level: 'HIGH', reason: 'damaged panel', all: ['panelTrouble'] },
  ],
};
