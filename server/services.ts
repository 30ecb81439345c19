import { join } from 'node:path';
import { createQuestionService, type QuestionService } from './businesses/questions.js';
import { createBusinessService, type BusinessService } from './businesses/service.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createEventBus, type EventBus } from './events/bus.js';
import { createHealth, type Health } from './health/health.js';
import { createCustomerTurns, type CustomerTurns, type TurnAnalyzer } from './leads/customer-turns.js';
import { createLeadService, type LeadService } from './leads/service.js';
import type { Logger } from './log/logger.js';
import type { Scrubber } from './log/scrub.js';
import type { KeytarLoader } from './secrets/keychain-backend.js';
import { createSecretStore, type SecretStore } from './secrets/secret-store.js';
import { createMemorySessionStore } from './sessions/memory-store.js';
import type { SessionStore } from './sessions/session-store.js';
import { openStore, type Db, type Store } from './store/database.js';
import { createTunnel, ngrokConnector, type Tunnel, type TunnelConnector } from './tunnel/tunnel.js';
import { createTwilioRest, type TwilioRest } from './twilio/rest-client.js';
import type { KnowledgeSearch } from './voice/tools.js';
import { createVoiceService, type VoiceService } from './voice/voice-service.js';

/** Everything the listeners' routes call. Built once by `createServices`; nothing else constructs services. */
export interface Services {
  config: Config;
  log: Logger;
  scrubber: Scrubber;
  clock: Clock;
  store: Store;
  db: Db;
  bus: EventBus;
  secrets: SecretStore;
  businesses: BusinessService;
  questions: QuestionService;
  leads: LeadService;
  /** Store a customer's turn, analyse it, apply the verdict to the lead: what chat and voice call. */
  customerTurns: CustomerTurns;
  sessions: SessionStore;
  twilio: TwilioRest;
  /** Phone calls: Twilio webhooks, the media-stream relay, fallback flow, transfers, call-backs. */
  voice: VoiceService;
  tunnel: Tunnel;
  health: Health;
  /** Where Twilio and visitors reach us: PUBLIC_URL, else the tunnel's URL once it is up. */
  publicUrl(): string | undefined;
}

export interface ServiceOptions {
  log: Logger;
  scrubber: Scrubber;
  clock?: Clock;
  /** false: never try the OS keychain (tests). */
  keytar?: KeytarLoader | false;
  tunnelConnector?: () => Promise<TunnelConnector>;
  /** The public listener's port once it is listening (the tunnel forwards to it). */
  publicPort?: () => number;
  fetch?: typeof fetch;
  /** The turn analyser (server/understanding); without one, turns are stored but not analysed. */
  analyzer?: TurnAnalyzer;
  /** The knowledge base's search (server/knowledge); the voice agent's search_knowledge_base is empty without it. */
  knowledge?: KnowledgeSearch;
}

export async function createServices(config: Config, options: ServiceOptions): Promise<Services> {
  const { log, scrubber, clock = systemClock } = options;
  const store = openStore(join(config.dataDir, 'leads.db'), { log });
  const db = store.db;
  const bus = createEventBus({ clock });
  const secrets = await createSecretStore({
    dataDir: config.dataDir,
    fromEnv: {
      OPENAI_API_KEY: config.openai.apiKey,
      TWILIO_AUTH_TOKEN: config.twilio.authToken,
      NGROK_AUTHTOKEN: config.ngrok.authtoken,
      SMTP_PASSWORD: smtpPassword(config.smtpUrl),
    },
    scrubber,
    log,
    keytar: options.keytar,
  });
  const businesses = createBusinessService({ db, clock });
  const questions = createQuestionService({ db, businesses, clock });
  const leads = createLeadService({ db, bus, businesses, questions, clock });
  const customerTurns = createCustomerTurns({ leads, businesses, analyzer: options.analyzer, clock });
  const sessions = createMemorySessionStore({ maxSessions: config.maxInMemorySessions, clock });
  const tunnel = createTunnel({
    port: options.publicPort ?? (() => config.publicPort),
    authtoken: () => secrets.get('NGROK_AUTHTOKEN'),
    domain: config.ngrok.domain,
    connector: options.tunnelConnector ?? ngrokConnector,
    log: log.child({ component: 'tunnel' }),
  });
  const health = createHealth({ config, store, sessions, tunnel, secrets, bus, fetch: options.fetch });
  const twilio = createTwilioRest({ config, secrets });
  const publicUrl = () => config.publicUrl ?? tunnel.url();
  const voice = createVoiceService({ config, log, clock, db, bus, secrets, businesses, questions, leads, customerTurns, sessions, twilio, publicUrl, knowledge: options.knowledge, fetch: options.fetch });
  return {
    config,
    log,
    scrubber,
    clock,
    store,
    db,
    bus,
    secrets,
    businesses,
    questions,
    leads,
    customerTurns,
    sessions,
    twilio,
    voice,
    tunnel,
    health,
    publicUrl,
  };
}

/** Stops background work, then closes the database last (in-flight work may still write to it). */
export async function closeServices(services: Services): Promise<void> {
  services.health.close();
  await services.voice.close();
  await services.tunnel.close();
  await services.sessions.close();
  services.store.close();
}

/** The password inside SMTP_URL is a secret like any other: registered so logs never show it. */
function smtpPassword(smtpUrl: string | undefined): string | undefined {
  if (!smtpUrl) return undefined;
  const password = new URL(smtpUrl).password;
  return password ? decodeURIComponent(password) : undefined;
}
