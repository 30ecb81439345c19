import type { Vocabulary } from './types.js';

const r = String.raw;

// Locksmith: a person or pet trapped is an emergency; an ordinary lockout is same-day work.
export const LOCKSMITH_VOCABULARY: Vocabulary = {
  concepts: {
    hotCar: r`\b(locked|trapped|stuck|encerrad\w*|atrapad\w*)\b.{0,40}\b(car|truck|van|suv|vehicle|carro|coche|camioneta)\b`,
    dependent: r`\b(baby|infant|toddler|newborn|kid|kids|child|son|daughter|dog|puppy|cat|pet|bebe|nino|nina|hijo|hija|perr\w+|gat\w+|mascota)\b`,
    brokenKey: r`\b(key (broke|broken|snapped|stuck)|(lock|deadbolt|door) (is )?(jammed|stuck|broken|won'?t (open|turn|unlock)))\b`,
  },
  rules: [
    { level: 'URGENT', reason: 'child or pet locked in a vehicle', all: ['hotCar', 'dependent'] },
    { level: 'HIGH', reason: 'broken key or jammed lock', all: ['brokenKey'] },
  ],
};
