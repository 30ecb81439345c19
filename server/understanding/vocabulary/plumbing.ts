import type { Vocabulary } from './types.js';

const r = String.raw;

// Plumbing: water, sewage and gas lines; the generic rules cover most of it.
export const PLUMBING_VOCABULARY: Vocabulary = {
  concepts: {
    waterHeaterFailing: r`\b(water heater|hot water heater|tank|calentador)\b.{0,40}\b(relief valve|pressure valve|tpr|spraying|gushing|pouring|burst|exploding|bulging|rumbling loud\w*)\b`,
    frozenPipe: r`\b(frozen|froze|freezing|congelad[oa]s?)\b.{0,20}\b(pipes?|lines?|tuberias?|tubos?)\b|\b(pipes?|lines?|tuberias?)\b.{0,20}\b(frozen|froze|congelad[oa]s?)\b`,
    noWater: r`\b((low|no|barely any) water pressure|water pressure (is )?(really |very |super )?(low|weak|gone)|no water( at all| in the house| pressure)?|water (is )?(shut off|off)|sin agua|no (hay|tenemos|tengo) agua)\b(?! (heater|damage))`,
  },
  rules: [
    { level: 'URGENT', reason: 'water heater failing under pressure', all: ['waterHeaterFailing'] },
    { level: 'HIGH', reason: 'frozen pipes', all: ['frozenPipe'] },
    { level: 'HIGH', reason: 'no water', all: ['noWater'] },
  ],
};
