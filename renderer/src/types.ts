/** The admin API's shapes, as the console uses them (the server's schemas are the source of truth). */
export type Plan = 'FREE' | 'BASIC' | 'PRO';
export type Priority = 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';
export type LeadStatus = 'new' | 'contacted' | 'won' | 'lost';

export interface PlanFeatures {
  maxQuestions: number | null;
  voiceAgent: boolean;
  emergencyCalls: boolean;
  priorityEmail: boolean;
  removeBranding: boolean;
  customVoiceMessages: boolean;
}

export interface Business {
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
  features: PlanFeatures;
  voice: { voice: string; language: string; messages: Record<string, string> };
  widget: { title: string; greeting: string; color: string; position: string; hideBranding: boolean };
}

export interface Question {
  id: string;
  field: string;
  text: string;
  kind: 'text' | 'phone' | 'email' | 'address' | 'date' | 'choice';
  choices: string[] | null;
  required: boolean;
  isEssentialForEmergency: boolean;
  position: number;
  active: boolean;
}

export interface Lead {
  id: string;
  businessId: string;
  channel: 'voice' | 'chat' | 'manual';
  status: LeadStatus;
  priority: Priority;
  prioritySetBy: 'system' | 'owner';
  priorityReasons: string[];
  emergency: boolean;
  emergencyNotes: string | null;
  intent: string | null;
  callerName: string | null;
  callerPhone: string | null;
  callerEmail: string | null;
  address: string | null;
  summary: string | null;
  missed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LeadDetail extends Lead {
  answers: Array<{ field: string; question: string | null; value: string }>;
  entities: Array<{ id: number; type: string; value: string; text: string | null }>;
  turns: Array<{ id: number; role: string; text: string; channel: string; priority: Priority | null; createdAt: string }>;
  alerts: Array<{ id: number; channel: string; target: string | null; status: string; attempts: number; error: string | null; updatedAt: string }>;
  calls: Array<{ id: string; status: string; mode: string; durationSeconds: number | null; startedAt: string }>;
}

export interface Health {
  status: 'healthy' | 'degraded' | 'unhealthy';
  memory: { heapUsed: number; heapTotal: number; heapUsedPercent: number };
  redis: { connected: boolean; reconnectAttempts: number; consecutiveFailures: number };
  sessions: { activeVoiceSessions: number; totalActiveSessions: number; averageSessionDuration: number };
  components: Record<string, { status: string; latencyMs: number | null; [key: string]: unknown }>;
}
