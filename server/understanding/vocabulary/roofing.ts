import type { Vocabulary } from './types.js';

const r = String.raw;

// Roofing: open roofs in rain are emergencies; leaks and storm damage are next-day work.
export const ROOFING_VOCABULARY: Vocabulary = {
  concepts: {
    stormDamage: r`\b((hail|wind|storm)( damage)?\b.{0,30}\b(roof|shingles|gutters?)|(shingles|tiles?|flashing|gutters?)\b.{0,20}\b(missing|blew off|blown off|ripped off|torn off|came off|falling))\b`,
    tarpNeeded: r`\b(need (a )?tarp|tarp (it|the roof)|emergency tarp)\b`,
  },
  rules: [
    { level: 'HIGH', reason: 'storm damage', all: ['stormDamage'] },
    { level: 'HIGH', reason: 'roof needs tarping', all: ['tarpNeeded'] },
  ],
};
