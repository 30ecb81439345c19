import type { Vocabulary } from './types.js';

const r = String.raw;

// Real estate: offers and closings with a deadline today or tomorrow are urgent work, not emergencies.
export const REAL_ESTATE_VOCABULARY: Vocabulary = {
  concepts: {
    dealDeadline: r`\b((offer|counter ?offer|closing|close|closes|inspection|contingency|appraisal|deadline|bid|escrow)\b.{0,50}\b(today|tomorrow|tmrw|tonight|by (noon|5|five|end of day)|hoy|(?<!la )manana)|(today|tomorrow|tmrw|tonight)\b.{0,30}\b(offer|closing|deadline|contingency))\b`,
  },
  rules: [
    { level: 'HIGH', reason: 'deal deadline today or tomorrow', all: ['dealDeadline'] },
  ],
};
