import { randomUUID } from 'node:crypto';
import type { QuestionService } from '../businesses/questions.js';
import type { Business, BusinessService } from '../businesses/service.js';
import { isoNow, systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { ChatEnded, ChatsFull, ChatTokenInvalid, OriginNotAllowed, RateLimited, Unavailable, ValidationFailed } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { CustomerTurns } from '../leads/customer-turns.js';
import type { LeadService } from '../leads/service.js';
import type { Logger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { Db } from '../store/database.js';
import { createChatEventLog, type ChatEvent, type ChatEventLog } from './chat-events.js';
import { createChatTokens } from './chat-token.js';
import { createConversation, type ChatRef } from './conversation.js';
import type { KnowledgeSearch, StartCallback } from './seams.js';
import type { WidgetConfig } from './wire.js';

export type { WidgetConfig } from './wire.js';

export interface ChatService {
  /** The widget's look for a page on `origin`; refuses origins the business has not listed. */
  widgetConfig(businessId: string, origin: string | undefined): WidgetConfig;
  /** Which business a widget request is about, for CORS (undefined: unknown, no CORS headers). */
  businessOfPath(path: string): Business | undefined;
  start(businessId: string, origin: string | undefined): Promise<{ chatId: string; token: string }>;
  /** Stores the visitor's message at once (the lead has it before we answer), then replies in the background. */
  send(token: string | undefined, chatId: string, origin: string | undefined, text: string, clientId?: string): Promise<{ turnId: number }>;
  /** The chat's events for its stream, checked like every other call. */
  events(token: string | undefined, chatId: string, origin: string | undefined): Promise<ChatEventLog>;
  callback(token: string | undefined, chatId: string, origin: string | undefined, phone: string | undefined): Promise<{ status: 'calling' | 'failed' }>;
  end(token: string | undefined, chatId: string, origin: string | undefined): Promise<void>;
  /** Ends chats idle for longer than the session timeout (their leads then get the new-lead email). */
  sweepIdle(): Promise<number>;
  /** Replies still running (tests and shutdown wait for them). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ChatServiceDeps {
  config: Config;
  log: Logger;
  clock?: Clock;
  db: Db;
  bus: EventBus;
  secrets: SecretStore;
  businesses: BusinessService;
  questions: QuestionService;
  leads: LeadService;
  customerTurns: CustomerTurns;
  sessions: SessionStore;
  knowledge?: KnowledgeSearch;
  startCallback?: StartCallback;
}

interface ChatRow {
  id: string;
  business_id: string;
  lead_id: string | null;
  origin: string | null;
  status: 'open' | 'ended';
}

interface LiveChat extends ChatRef {
  /** Replies run one after another, in the order the messages came. */
  queue: Promise<void>;
  pending: number;
}

/** Messages a visitor may have waiting for an answer at once. */
const maxPending = 3;

export function createChatService(deps: ChatServiceDeps): ChatService {
  const { db, bus, businesses, leads, sessions, clock = systemClock } = deps;
  const log = deps.log.child({ component: 'chat' });
  const tokens = createChatTokens({ db });
  const live = new Map<string, LiveChat>();
  const running = new Set<Promise<void>>();

  const insertChat = db.prepare('INSERT INTO chats (id, business_id, lead_id, origin, status, started_at) VALUES (?, ?, ?, ?, ?, ?)');
  const chatById = db.prepare<[string], ChatRow>('SELECT id, business_id, lead_id, origin, status FROM chats WHERE id = ?');
  const endChat = db.prepare<[string, string]>("UPDATE chats SET status = 'ended', ended_at = ? WHERE id = ? AND status = 'open'");
  const turnsOfChat = db.prepare<[string, string], { id: number; role: string; text: string }>(
    'SELECT id, role, text FROM turns WHERE lead_id = ? AND chat_id = ? ORDER BY id',
  );
  const idleChats = db.prepare<[string], { id: string }>(
    `SELECT c.id FROM chats c WHERE c.status = 'open'
       AND coalesce((SELECT max(t.created_at) FROM turns t WHERE t.lead_id = c.lead_id AND t.chat_id = c.id), c.started_at) < ?`,
  );

  // Idle chats are ended from SQLite, so chats left open by a restart end too.
  const sweepMs = Math.min(60_000, Math.max(250, deps.config.sessionTimeoutMs / 2));
  const sweeper = setInterval(() => {
    service.sweepIdle().catch((error: unknown) => log.error({ err: error }, 'idle chat sweep failed'));
  }, sweepMs);
  sweeper.unref();

  const conversation = createConversation({
    ...deps,
    log,
    async session(chat) {
      const found = await sessions.get(chat.chatId);
      if (found?.live) return found;
      // Lost with a restart or evicted: the chat goes on, rebuilt from what SQLite holds.
      const lead = leads.get(chat.leadId);
      const turns = turnsOfChat.all(chat.leadId, chat.chatId).slice(-50);
      await sessions.create({ id: chat.chatId, kind: 'chat', businessId: chat.businessId, leadId: chat.leadId, state: { emergency: lead.emergency } }).catch(() => undefined);
      for (const t of turns) await sessions.appendTurn(chat.chatId, { role: t.role as 'customer', text: t.text, at: Date.now() });
      const session = await sessions.get(chat.chatId);
      if (!session) throw new ChatsFull();
      return session;
    },
  });

  function checkOrigin(business: Business, origin: string | undefined): void {
    if (!origin || !business.widgetOrigins.includes(origin)) throw new OriginNotAllowed();
  }

  /** The chat a request is about, after its token, business and origin all agree. */
  function authorise(token: string | undefined, chatId: string, origin: string | undefined): { row: ChatRow; business: Business } {
    const claims = token ? tokens.verify(token) : undefined;
    if (!claims || claims.chatId !== chatId) throw new ChatTokenInvalid();
    const row = chatById.get(chatId);
    if (!row || row.business_id !== claims.businessId || !row.lead_id) throw new ChatTokenInvalid();
    const business = businesses.find(row.business_id);
    if (!business) throw new ChatTokenInvalid();
    checkOrigin(business, origin);
    return { row, business };
  }

  /** The chat in memory, or rebuilt from SQLite after a restart (its stream replays the stored turns). */
  function liveChat(row: ChatRow): LiveChat {
    let chat = live.get(row.id);
    if (chat) return chat;
    const events = createChatEventLog();
    chat = { chatId: row.id, businessId: row.business_id, leadId: row.lead_id!, events, queue: Promise.resolve(), pending: 0 };
    for (const turn of turnsOfChat.all(row.lead_id!, row.id)) {
      if (turn.role === 'customer') events.append({ type: 'message', role: 'customer', text: turn.text, turnId: turn.id });
      else if (turn.role === 'agent') events.append({ type: 'reply.end', replyId: `t${turn.id}`, text: turn.text, turnId: turn.id });
    }
    if (row.status === 'ended') events.append({ type: 'ended' });
    live.set(row.id, chat);
    return chat;
  }

  function schedule(chat: LiveChat, job: () => Promise<void>): void {
    chat.pending++;
    const run = chat.queue.then(job).catch((error: unknown) => {
      log.error({ err: error, chatId: chat.chatId }, 'chat reply failed');
      chat.events.append({ type: 'notice', kind: 'info', text: 'Sorry, something went wrong on our side. Your message was saved and the team will see it.' });
    });
    chat.queue = run.finally(() => {
      chat.pending--;
      running.delete(run);
    });
    running.add(run);
  }

  async function finish(chatId: string, reason: 'visitor' | 'idle'): Promise<void> {
    const row = chatById.get(chatId);
    if (!row || endChat.run(isoNow(clock), chatId).changes === 0) return;
    const chat = live.get(chatId);
    chat?.events.append({ type: 'ended' });
    live.delete(chatId);
    await sessions.end(chatId).catch(() => undefined);
    log.info({ chatId, reason }, 'chat ended');
    bus.publish('chat.ended', { chatId, leadId: row.lead_id, reason });
  }

  const service: ChatService = {
    widgetConfig(businessId, origin) {
      const business = businesses.find(businessId);
      if (!business) throw new OriginNotAllowed();
      checkOrigin(business, origin);
      const { title, greeting, color, position, hideBranding } = business.widget;
      return { title, greeting, color, position, branding: !(business.features.removeBranding && hideBranding) };
    },
    businessOfPath(path) {
      const match = /^\/widget\/(businesses|chats)\/([0-9a-f-]{36})(\/|$)/.exec(path);
      if (!match) return undefined;
      if (match[1] === 'businesses') return businesses.find(match[2]!);
      const row = chatById.get(match[2]!);
      return row ? businesses.find(row.business_id) : undefined;
    },
    async start(businessId, origin) {
      const business = businesses.find(businessId);
      if (!business) throw new OriginNotAllowed();
      checkOrigin(business, origin);
      const chatId = randomUUID();
      // The session first: when every line is busy nothing is written and the widget says so kindly.
      try {
        await sessions.create({ id: chatId, kind: 'chat', businessId, leadId: '', state: {} });
      } catch (error) {
        if (error instanceof Unavailable) throw new ChatsFull();
        throw error;
      }
      let lead;
      try {
        lead = leads.create({ businessId, channel: 'chat' });
        insertChat.run(chatId, businessId, lead.id, origin, 'open', isoNow(clock));
      } catch (error) {
        await sessions.end(chatId);
        throw error;
      }
      const leadId = lead.id;
      await sessions.update(chatId, (s) => {
        s.leadId = leadId;
      });
      live.set(chatId, { chatId, businessId, leadId: lead.id, events: createChatEventLog(), queue: Promise.resolve(), pending: 0 });
      log.info({ chatId, businessId, leadId: lead.id }, 'chat started');
      bus.publish('chat.started', { chatId, businessId, leadId: lead.id, origin });
      return { chatId, token: tokens.issue(chatId, businessId) };
    },
    async send(token, chatId, origin, text, clientId) {
      const { row } = authorise(token, chatId, origin);
      if (row.status === 'ended') throw new ChatEnded();
      const chat = liveChat(row);
      if (chat.pending >= maxPending) throw new RateLimited('Please wait for the answer before sending more');
      const clean = text.trim();
      if (!clean) throw new ValidationFailed('The message is empty');
      const history = turnsOfChat
        .all(chat.leadId, chatId)
        .slice(-10)
        .filter((t) => t.role !== 'system')
        .map((t) => ({ text: t.text, role: t.role as 'customer' | 'agent' }));
      const before = leads.get(chat.leadId).priority;
      const { turn, analysis, lead } = deps.customerTurns.record(chat.leadId, { channel: 'chat', text: clean, chatId, history });
      const event: ChatEvent = { type: 'message', role: 'customer', text: clean, turnId: turn.id };
      chat.events.append(clientId ? { ...event, clientId } : event);
      bus.publish('chat.turn', { chatId, leadId: chat.leadId, role: 'customer', text: clean, turnId: turn.id });
      const emergencyNow = analysis?.emergency === true || (lead.priority === 'URGENT' && before !== 'URGENT');
      schedule(chat, () => conversation.reply(chat, clean, emergencyNow));
      return { turnId: turn.id };
    },
    async events(token, chatId, origin) {
      const { row } = authorise(token, chatId, origin);
      return liveChat(row).events;
    },
    async callback(token, chatId, origin, phone) {
      const { row, business } = authorise(token, chatId, origin);
      if (row.status === 'ended') throw new ChatEnded();
      const chat = liveChat(row);
      if (!conversation.canCallBack(business)) throw new ValidationFailed('Call-back is not available for this business');
      const to = phone ? leads.recordField(chat.leadId, 'phone', phone).value : leads.get(chat.leadId).callerPhone;
      if (!to) throw new ValidationFailed('A phone number is needed for the call-back');
      if (phone) bus.publish('chat.lead', { chatId, leadId: chat.leadId, field: 'phone', value: to });
      try {
        const { callSid } = await deps.startCallback!({ leadId: chat.leadId, to });
        log.info({ chatId, callSid }, 'call-back started');
        const text = `We're calling you now at ${to}. You can keep chatting here too.`;
        leads.addTurn(chat.leadId, { channel: 'chat', role: 'system', text, chatId });
        chat.events.append({ type: 'notice', kind: 'info', text });
        return { status: 'calling' };
      } catch (error) {
        log.warn({ err: error, chatId }, 'call-back failed');
        chat.events.append({ type: 'notice', kind: 'info', text: "Sorry, we couldn't place the call right now. The team has your details; let's keep chatting here." });
        return { status: 'failed' };
      }
    },
    async end(token, chatId, origin) {
      authorise(token, chatId, origin);
      await finish(chatId, 'visitor');
    },
    async sweepIdle() {
      const cutoff = new Date(clock.now() - deps.config.sessionTimeoutMs).toISOString();
      const stale = idleChats.all(cutoff).filter((c) => !(live.get(c.id)?.pending ?? 0));
      for (const { id } of stale) await finish(id, 'idle');
      return stale.length;
    },
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
    async close() {
      clearInterval(sweeper);
      await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      for (const chat of live.values()) chat.events.close();
      live.clear();
    },
  };
  return service;
}
