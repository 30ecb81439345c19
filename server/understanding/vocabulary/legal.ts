import type { Vocabulary } from './types.js';

const r = String.raw;

// Legal: someone being arrested, detained, evicted or having children taken right now.
export const LEGAL_VOCABULARY: Vocabulary = {
  concepts: {
    detained: r`\b((police|cops|officers|deputies|agents|ice|sheriff)\b.{0,10}\b(are|is) (at|outside|in) (my|our|the) (house|door|home|apartment|work|place)|with a warrant|(being )?held (by|at) (ice|immigration|the police|police)|in (ice|immigration|police|federal|county|state) custody|being (questioned|interrogated|held)|retenid[oa]|arrested|being arrested|detained|in custody|taken into custody|picked up by (ice|immigration|the police|police|cops)|(ice|immigration|la migra|police|cops|officers|agents|deputies)\b.{0,20}\b(took|taken|detained|picked up|grabbed|raided|arrested|handcuffed|is here|are here|at the door|came for|se llevo|se llevaron)|in jail|locked up|at the (jail|police station|precinct)|deport\w*|arrestaron|arrestad[oa]|detenid[oa]|la migra|se lo llevaron|se la llevaron|lo agarraron|la agarraron)\b`,
    evictionNow: r`\b((evict\w*|locked (me|us) out|changed the locks|sheriff|desalo\w*|nos estan sacando|me estan sacando)\b.{0,60}\b(today|right now|now|tonight|at the door|outside|here|this morning|this afternoon|hoy|ahora|en este momento)|(today|right now|now|tonight|hoy|ahora)\b.{0,40}\b(evict\w*|changed the locks|desalo\w*))\b`,
    eviction: r`\b(evict\w*|eviction notice|notice to (quit|vacate)|desalojo|desalojar)\b`,
    childrenTaken: r`\b((took|taken|grabbed|removed|removing|kidnapp\w*|abduct\w*|ran off with|fled with|won'?t (return|give back|bring back)|refus\w* to (return|give back|bring back)|not (bringing|coming) back|se llevo|se llevaron|quitaron|quitando|secuestr\w*)\b.{0,40}\b(kids|children|son|daughter|child|baby|hijos|hija|hijo|ninos|nino|bebe)|(cps|dcfs|child protective services|servicios infantiles)\b.{0,40}\b(here|taking|took|removing|at (the|my|our) door|trying to take|came|se llevaron))\b`,
    deadlineSoon: r`\b((court|hearing|trial|deadline|due|answer|response|offer|closing|arraignment|deposition|audiencia|corte|plazo|fecha limite|vence|declaracion)\b.{0,50}\b(today|tomorrow|tmrw|tonight|in the morning|hoy|(?<!la )manana)|(today|tomorrow|tmrw|hoy|(?<!la )manana)\b.{0,30}\b(court|hearing|trial|deadline|arraignment|audiencia|corte|vence|declaracion))\b`,
  },
  rules: [
    { level: 'URGENT', reason: 'person detained or arrested', all: ['detained'] },
    { level: 'URGENT', reason: 'eviction happening now', all: ['evictionNow'] },
    { level: 'URGENT', reason: 'children being taken', all: ['childrenTaken'] },
    { level: 'HIGH', reason: 'deadline today or tomorrow', all: ['deadlineSoon'] },
    { level: 'HIGH', reason: 'eviction', all: ['eviction'] },
  ],
};
