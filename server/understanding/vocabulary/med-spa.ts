import type { Vocabulary } from './types.js';

const r = String.raw;

// Med spa: vascular occlusion, vision change and airway swelling after a treatment are emergencies.
export const MED_SPA_VOCABULARY: Vocabulary = {
  concepts: {
    occlusion: r`\b((blanch\w*|dusky|mottled|grey|gray|purple|purplish|bluish|blue|white|pale|livedo|lacy|net[- ]like)\b.{0,40}\b(skin|patch|area|spot|nose|lips?|cheek|chin|forehead|tip|blotch\w*|discolou?r\w*)|(skin|area|spot|patch|nose|lips?|cheek|chin|forehead|tip)\b.{0,30}\b(turn\w*|is|looks|going|went|got|gone)\b.{0,15}\b(white|blanched|dusky|gr[ae]y|purple|blue|bluish|mottled|pale|dark)|blanching|livedo|capillary refill)\b`,
    visionChange: r`\b((vision|sight|eyesight|vista)\b.{0,30}\b(blurr\w*|loss|lost|chang\w*|double|dark\w*|going|borros\w*|weird|spots)|(can'?t|cannot|hard to) see|blind\w*|ciego|no veo|veo borroso)\b`,
    treatment: r`\b(lift|thread lift|threads|peel|microneedling|laser|facial|filler|fillers|injection\w*|inject\w*|botox|dysport|lip (filler|flip)|juvederm|restylane|kybella|sculptra|radiesse|treatment|procedure|appointment|relleno|inyecci\w*|tratamiento)\b`,
    burnOrBlister: r`\b(blister\w*|burn(s|ed)?|oozing|pus|infect\w*|fever|red streaks?|ampollas?|quemadura)\b`,
  },
  rules: [
    { level: 'URGENT', reason: 'possible vascular occlusion', all: ['occlusion'] },
    { level: 'URGENT', reason: 'vision change after treatment', all: ['visionChange', 'treatment'], scope: 'turn' },
    { level: 'HIGH', reason: 'reaction after treatment', all: ['burnOrBlister', 'treatment'], scope: 'turn' },
  ],
};
