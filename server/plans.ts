/**
 * What each plan includes (seed 4.2). Every gate is enforced on the server from this table; the console only
 * mirrors it with an upgrade prompt.
 */
export const plans = ['FREE', 'BASIC', 'PRO'] as const;
export type Plan = (typeof plans)[number];

export interface PlanFeatures {
  /** Lead questions the agent asks (null: no limit); questions beyond it are kept but paused. */
  maxQuestions: number | null;
  voiceAgent: boolean;
  emergencyCalls: boolean;
  /** Formatted email with priority markers, rather than the basic lead alert. */
  priorityEmail: boolean;
  removeBranding: boolean;
  customVoiceMessages: boolean;
  analytics: 'basic' | 'history' | 'advanced';
}

export const planFeatures: Readonly<Record<Plan, Readonly<PlanFeatures>>> = {
  FREE: {
    maxQuestions: 5,
    voiceAgent: false,
    emergencyCalls: false,
    priorityEmail: false,
    removeBranding: false,
    customVoiceMessages: false,
    analytics: 'basic',
  },
  BASIC: {
    maxQuestions: null,
    voiceAgent: false,
    emergencyCalls: false,
    priorityEmail: true,
    removeBranding: false,
    customVoiceMessages: false,
    analytics: 'history',
  },
  PRO: {
    maxQuestions: null,
    voiceAgent: true,
    emergencyCalls: true,
    priorityEmail: true,
    removeBranding: true,
    customVoiceMessages: true,
    analytics: 'advanced',
  },
};

export function featuresOf(plan: Plan): Readonly<PlanFeatures> {
  return planFeatures[plan];
}
