import { join } from 'node:path';
import { createQuestionService, type QuestionService } from './businesses/questions.js';
import { createBusinessService, type BusinessService } from './businesses/service.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createEventBus, type EventBus } from './events/bus.js';
import { createHealth, type Health } from './health/health.js';
import { createKnowledgeService, type KnowledgeService } from './knowledge/index.js';
import { createLeadService, type LeadService } from './leads/service.js';
import type { Logger } from './log/logger.js';
import type { Scrubber } from './log/scrub.js';
import type { KeytarLoader } from './secrets/keychain-backend.js';
import { createSecretStore, type SecretStore } from './secrets/secret-store.js';
import { createMemorySessionStore } from './sessions/memory-store.js';
import type { SessionStore } from './sessions/session-store.js';
import { openStore, type Db, type Store } from './store/database.js';
import { createTunnel, ngrokConnector, type Tunnel, type TunnelConnector } from './tunnel/tunnel.js';

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
  knowledge: KnowledgeService;
  sessions: SessionStore;
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
  const knowledge = createKnowledgeService({ config, db, vectorSearch: store.vectorSearch, bus, clock, log, secrets, businesses, fetch: options.fetch });
  const sessions = createMemorySessionStore({ maxSessions: config.maxInMemorySessions, clock });
  const tunnel = createTunnel({
    port: options.publicPort ?? (() => config.publicPort),
    authtoken: () => secrets.get('NGROK_AUTHTOKEN'),
    domain: config.ngrok.domain,
    connector: options.tunnelConnector ?? ngrokConnector,
    log: log.child({ component: 'tunnel' }),
  });
  const health = createHealth({ config, store, sessions, tunnel, secrets, bus, fetch: options.fetch });
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
    knowledge,
    sessions,
    tunnel,
    health,
    publicUrl: () => config.publicUrl ?? tunnel.url(),
  };
}

/** Stops background work, then closes the database last (in-flight work may still write to it). */
export async function closeServices(services: Services): Promise<void> {
  services.health.close();
  await services.knowledge.close();
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
