export type Priority = 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';

export type Intent =
  | 'emergency'
  | 'booking'
  | 'quote'
  | 'question'
  | 'follow_up'
  | 'complaint'
  | 'cancel'
  | 'other';

export type EntityType = 'phone' | 'email' | 'name' | 'date' | 'amount' | 'address';

/** `value` is normalised (E.164, lower-case email, ISO date...); `text` is the span as said. */
export interface Entity {
  type: EntityType;
  value: string;
  text: string;
}

export interface Turn {
  text: string;
  channel: 'chat' | 'voice';
  at?: string | Date;
  role?: 'customer' | 'agent';
}

/** Per-business extra phrases, set from the admin API. */
export interface VocabularyExtension {
  urgent?: string[];
  high?: string[];
}

export interface AnalysisContext {
  industry: string;
  timeZone: string;
  now: string | Date;
  history?: Turn[];
  vocabulary?: VocabularyExtension;
}

export interface Analysis {
  emergency: boolean;
  priority: Priority;
  reasons: string[];
  intent: Intent;
  intentConfidence: number;
  entities: Entity[];
}

export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };
