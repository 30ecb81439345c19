import { GENERIC_VOCABULARY } from './generic.js';
import { PLUMBING_VOCABULARY } from './plumbing.js';
import { HVAC_VOCABULARY } from './hvac.js';
import { ELECTRICAL_VOCABULARY } from './electrical.js';
import { ROOFING_VOCABULARY } from './roofing.js';
import { LOCKSMITH_VOCABULARY } from './locksmith.js';
import { PEST_CONTROL_VOCABULARY } from './pest-control.js';
import { RESTORATION_VOCABULARY } from './restoration.js';
import { MED_SPA_VOCABULARY } from './med-spa.js';
import { DENTAL_VOCABULARY } from './dental.js';
import { LEGAL_VOCABULARY } from './legal.js';
import { REAL_ESTATE_VOCABULARY } from './real-estate.js';
import { AUTO_REPAIR_VOCABULARY } from './auto-repair.js';
import type { Vocabulary } from './types.js';

export type { HazardLevel, HazardRule, Vocabulary } from './types.js';
export { GENERIC_VOCABULARY };

/** One entry per industry the product sells to; an unknown industry gets the generic rules only. */
export const INDUSTRY_VOCABULARIES: Readonly<Record<string, Vocabulary>> = {
  plumbing: PLUMBING_VOCABULARY,
  hvac: HVAC_VOCABULARY,
  electrical: ELECTRICAL_VOCABULARY,
  roofing: ROOFING_VOCABULARY,
  locksmith: LOCKSMITH_VOCABULARY,
  pest_control: PEST_CONTROL_VOCABULARY,
  restoration: RESTORATION_VOCABULARY,
  med_spa: MED_SPA_VOCABULARY,
  dental: DENTAL_VOCABULARY,
  legal: LEGAL_VOCABULARY,
  real_estate: REAL_ESTATE_VOCABULARY,
  auto_repair: AUTO_REPAIR_VOCABULARY,
};
