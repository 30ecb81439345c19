import type { QuestionService } from '../businesses/questions.js';
import type { BusinessService } from '../businesses/service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { Unavailable } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { CustomerTurns } from '../leads/customer-turns.js';
import type { LeadService } from '../leads/service.js';
import type { Logger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { TwilioRest } from '../twilio/rest-client.js';
import type { LiveCall } from './call-agent.js';
import type { CallJournal } from './call-journal.js';
import type { CallRecords } from './call-records.js';
import type { Speech } from './speech.js';
import type { TokenIssuer } from './stream-tokens.js';
import type { KnowledgeSearch } from './tools.js';

/** What the voice service's parts share; built once by createVoiceService. */
export interface VoiceContext {
  config: Config;
  log: Logger;
  clock: Clock;
  bus: EventBus;
  secrets: SecretStore;
  businesses: BusinessService;
  questions: QuestionService;
  leads: LeadService;
  customerTurns: CustomerTurns;
  sessions: SessionStore;
  twilio: TwilioRest;
  publicUrl(): string | undefined;
  knowledge: KnowledgeSearch | undefined;
  calls: CallRecords;
  journal: CallJournal;
  speech: Speech;
  tokens: TokenIssuer;
  live: Map<string, LiveCall>;
  /** How long the Realtime socket may take to open before the call falls back (3 s). */
  realtimeTimeoutMs: number;
}

/** Twilio form parameters, as every webhook receives them. */
export type TwilioParams = Record<string, string>;

/** Every URL we hand Twilio, built from the public origin (never from a request's Host header). */
export function twilioUrls(context: VoiceContext) {
  const base = context.publicUrl();
  if (!base) throw new Unavailable('The public URL is not known yet (PUBLIC_URL or the tunnel)');
  const ws = base.replace(/^http/, 'ws');
  return {
    voice: `${base}/twilio/voice`,
    status: `${base}/twilio/status`,
    // No query string: Twilio does not support one on <Stream url>; the token goes in <Parameter>.
    mediaStream: `${ws}/media-stream`,
    fallbackStart: (reason: 'setup' | 'realtime' | 'stream') => `${base}/twilio/fallback/start?reason=${reason}`,
    fallbackAnswer: (field: string, attempt: number) => `${base}/twilio/fallback/answer?field=${encodeURIComponent(field)}&attempt=${attempt}`,
    whisper: (callSid: string) => `${base}/twilio/transfer/whisper?call=${callSid}`,
    dialResult: (callSid: string) => `${base}/twilio/transfer/result?call=${callSid}`,
    callback: (token: string) => `${base}/twilio/voice?callback=${encodeURIComponent(token)}`,
  };
}

/** Twilio's stand-ins for a withheld caller ID: anonymous, restricted, blocked, unavailable, unknown. */
const withheld = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);

/** Caller ID as Twilio gives it, or null when there is no usable number. */
export function callerNumber(from: string | undefined): string | null {
  if (!from || !/^\+[1-9]\d{6,14}$/.test(from) || withheld.has(from)) return null;
  return from;
}

/** The business's language for <Say> and <Gather> (en → en-US). */
export function speechLanguage(language: string): string {
  if (language.includes('-')) return language;
  const regional: Record<string, string> = { en: 'en-US', es: 'es-US', fr: 'fr-FR', de: 'de-DE', it: 'it-IT', pt: 'pt-BR', nl: 'nl-NL' };
  return regional[language] ?? language;
}
