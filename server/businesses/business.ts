// The business and question shapes the admin API answers with. Types only, no runtime imports, so the
// console (renderer/) can import them too.
import type { Plan, PlanFeatures } from '../plans.js';
import type { BusinessSettings, QuestionKind } from './schemas.js';

export interface Business extends BusinessSettings {
  id: string;
  name: string;
  industry: string;
  plan: Plan;
  twilioNumber: string | null;
  ownerPhone: string;
  ownerEmail: string;
  backupPhone: string | null;
  timezone: string;
  greeting: string;
  widgetOrigins: string[];
  /** What the plan includes, so clients can mirror the server's gates. */
  features: PlanFeatures;
  createdAt: string;
  updatedAt: string;
}

export interface Question {
  id: string;
  businessId: string;
  field: string;
  text: string;
  kind: QuestionKind;
  choices: string[] | null;
  required: boolean;
  isEssentialForEmergency: boolean;
  position: number;
  /**
   * False for questions beyond the plan's limit (after a downgrade to FREE). They are kept, not asked, and
   * come back on upgrade; see README "Plans".
   */
  active: boolean;
}
