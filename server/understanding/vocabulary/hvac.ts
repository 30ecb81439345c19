import type { Vocabulary } from './types.js';

const r = String.raw;

// HVAC: heat and cooling outages matter most with the weather and who is in the house.
export const HVAC_VOCABULARY: Vocabulary = {
  concepts: {
    furnaceBurning: r`\b(furnace|heater|blower|motor|unit|condenser|compressor|calefaccion|caldera)\b.{0,40}\b(burning|smok\w*|melting|sparks?|sparking|fire|humo|chispas)\b`,
  },
  rules: [
    { level: 'URGENT', reason: 'burning equipment', all: ['furnaceBurning'] },
  ],
};
