import { join } from 'node:path';
import { createAlerts, type Alerts, type ConnectOwnerToCall } from './alerts/service.js';
import { createQuestionService, type QuestionService } from './businesses/questions.js';
import { createBusinessService, type BusinessService } from './businesses/service.js';
import { systemClock, type Clock } from './clock.js';
import { createChatService, type ChatService } from './chat/chat-service.js';
import type { KnowledgeSearch, StartCallback } from './chat/seams.js';
import type { Config } from './config.js';
import { createEventBus, type EventBus } from './events/bus.js';
import { createHealth, type Health } from './health/health.js';
import { createCustomerTurns, type CustomerTurns, type TurnAnalyzer } from './leads/customer-turns.js';
import { analyze } from './understanding/index.js';
import { createKnowledgeService, type KnowledgeService } from './knowledge/index.js';
import { createLeadService, type LeadService } from './leads/service.js';
import type { Logger } from './log/logger.js';
import type { Scrubber } from './log/scrub.js';
import type { KeytarLoader } from './secrets/keychain-backend.js';
import { createSecretStore, type SecretStore } from './secrets/secret-store.js';
import { createSessionFinaliser } from './sessions/finalise-session.js';
import { createMemorySessionStore } from './sessions/memory-store.js';
import { createMemoryWatch, type MemoryWatch } from './sessions/memory-watch.js';
import { createResilientSessionStore } from './sessions/resilient-store.js';
import type { SessionStore } from './sessions/session-store.js';
import { openStore, type Db, type Store } from './store/database.js';
import { createTunnel, ngrokConnector, type Tunnel, type TunnelConnector } from './tunnel/tunnel.js';
import { createTwilioRest, type TwilioRest } from './twilio/rest-client.js';
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
  knowledge: KnowledgeService;
  sessions: SessionStore;
  /** Website chats: the widget's API, the conversation engine, idle chats ended. */
  chat: ChatService;
  twilio: TwilioRest;
  /** Emergency alert chains, lead emails and digests (server/alerts). */
  alerts: Alerts;
  memoryWatch: MemoryWatch;
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
  /** The turn analyser; server/understanding unless a test gives another. */
  analyzer?: TurnAnalyzer;
  /** Another knowledge base than server/knowledge for chat and voice (tests). */
  knowledge?: KnowledgeSearch;
  /** Another PRO "call me now" than the voice service's (tests). */
  startCallback?: StartCallback;
  /** Another "press 1 to be connected" than the voice service's (tests). */
  connectOwnerToCall?: ConnectOwnerToCall;
  /** Heap sampling for the memory watch (tests inject a heap and sample by hand with intervalMs 0). */
  memoryWatch?: { intervalMs?: number; heapUsed?: () => number };
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
  const memoryWatch = createMemoryWatch({ ceilingMb: config.maxMemoryUsageMb, bus, log, logSamples: config.memoryLog, ...options.memoryWatch });
  const sessions = await createSessionStore(config, { clock, log, bus, db, memoryWatch, scrubber });
  const knowledge = createKnowledgeService({ config, db, vectorSearch: store.vectorSearch, bus, clock, log, secrets, businesses, fetch: options.fetch });
  const customerTurns = createCustomerTurns({ leads, businesses, analyzer: options.analyzer ?? { analyze }, clock });
  const tunnel = createTunnel({
    port: options.publicPort ?? (() => config.publicPort),
    host: config.bindHost,
    authtoken: () => secrets.get('NGROK_AUTHTOKEN'),
    domain: config.ngrok.domain,
    connector: options.tunnelConnector ?? ngrokConnector,
    log: log.child({ component: 'tunnel' }),
  });
  const health = createHealth({ config, store, sessions, tunnel, secrets, bus, memoryWatch, fetch: options.fetch });
  const twilio = createTwilioRest({ config, secrets });
  const publicUrl = () => config.publicUrl ?? tunnel.url();
  const voice = createVoiceService({ config, log, clock, db, bus, secrets, businesses, questions, leads, customerTurns, sessions, twilio, publicUrl, knowledge: options.knowledge ?? knowledge, fetch: options.fetch });
  const chat = createChatService({ config, log, clock, db, bus, secrets, businesses, questions, leads, customerTurns, sessions, knowledge: options.knowledge ?? knowledge, startCallback: options.startCallback ?? voice.startCallback });
  const alerts = createAlerts({ config, db, bus, clock, log: log.child({ component: 'alerts' }), businesses, leads, twilio, secrets, publicUrl, connectOwnerToCall: options.connectOwnerToCall ?? voice.connectOwnerToCall });
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
    knowledge,
    sessions,
    chat,
    twilio,
    alerts,
    memoryWatch,
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
  await services.alerts.close();
  await services.chat.close();
  await services.knowledge.close();
  await services.tunnel.close();
  await services.sessions.close();
  services.memoryWatch.close();
  services.store.close();
}

/**
 * Redis when REDIS_URL is set (memory takes over on any Redis fault), else memory alone. Either way an idle
 * session's call or chat is finalised in SQLite before the session goes. With Redis, start-up waits briefly for
 * the first connection outcome, so a server whose Redis is up serves from it from the first request.
 */
async function createSessionStore(
  config: Config,
  { clock, log, bus, db, memoryWatch, scrubber }: { clock: Clock; log: Logger; bus: EventBus; db: Db; memoryWatch: MemoryWatch; scrubber: Scrubber },
): Promise<SessionStore> {
  const common = {
    maxSessions: config.maxInMemorySessions,
    sessionTimeoutMs: config.sessionTimeoutMs,
    clock,
    memory: memoryWatch,
    onExpire: createSessionFinaliser({ db, bus, log: log.child({ component: 'sessions' }) }),
    log: log.child({ component: 'sessions' }),
  };
  if (!config.redisUrl) return createMemorySessionStore(common);
  scrubber.add(redisPassword(config.redisUrl));
  const sessions = createResilientSessionStore({ ...common, redisUrl: config.redisUrl });
  await sessions.settled(2000);
  return sessions;
}

function redisPassword(redisUrl: string): string | undefined {
  const password = new URL(redisUrl).password;
  return password ? decodeURIComponent(password) : undefined;
}

/** The password inside SMTP_URL is a secret like any other: registered so logs never show it. */
function smtpPassword(smtpUrl: string | undefined): string | undefined {
  if (!smtpUrl) return undefined;
  const password = new URL(smtpUrl).password;
  return password ? decodeURIComponent(password) : undefined;
}
