import twilio from 'twilio';
import type WebSocket from 'ws';
import type { QuestionService } from '../businesses/questions.js';
import type { Business, BusinessService } from '../businesses/service.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { BadRequest, Conflict, NotFound, PlanFeature, UpstreamError, ValidationFailed } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { CustomerTurns } from '../leads/customer-turns.js';
import { toE164 } from '../leads/field-values.js';
import type { LeadService } from '../leads/service.js';
import type { Logger } from '../log/logger.js';
import { connectRealtime } from '../relay/realtime-connection.js';
import { startRelay } from '../relay/relay.js';
import type { TwilioStart } from '../relay/twilio-events.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { Db } from '../store/database.js';
import { toUpstreamError, type TwilioRest } from '../twilio/rest-client.js';
import { createCallAgent, type LiveCall, type VoiceCallAgent } from './call-agent.js';
import { createCallJournal } from './call-journal.js';
import { createCallRecords } from './call-records.js';
import { createCallWatch } from './call-watch.js';
import { callerNumber, speechLanguage, twilioUrls, type TwilioParams, type VoiceContext } from './context.js';
import { createFallbackFlow, type FallbackReason } from './fallback-flow.js';
import { createSpeech, type SayLanguage } from './speech.js';
import { createTokenIssuer, type StreamClaims } from './stream-tokens.js';
import type { KnowledgeSearch } from './tools.js';
import { transferCall, whisperTwiml } from './transfer.js';

export interface VoiceServiceDeps {
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
  twilio: TwilioRest;
  publicUrl(): string | undefined;
  /** The knowledge service (server/knowledge) when there is one: search_knowledge_base answers empty without it. */
  knowledge?: KnowledgeSearch;
  fetch?: typeof fetch;
  realtimeTimeoutMs?: number;
}

/**
 * Phone calls: the Twilio webhooks, the media stream relay, the fallback flow, warm transfers and
 * call-backs. Routes (server/voice/routes.ts) parse and check signatures; everything else is here.
 */
export interface VoiceService {
  /** POST /twilio/voice: the TwiML that answers a call (or a call-back being picked up). */
  answer(params: TwilioParams, query: { callback?: string }): Promise<string>;
  /** POST /twilio/status: call and stream status callbacks. */
  status(params: TwilioParams): void;
  /** /media-stream, once the upgrade's signature has been checked. */
  acceptMediaStream(socket: WebSocket, log: Logger): void;
  fallbackStart(params: TwilioParams, reason: FallbackReason): Promise<string>;
  fallbackAnswer(params: TwilioParams, field: string, attempt: number): Promise<string>;
  whisper(callSid: string): string;
  dialResult(params: TwilioParams, callSid: string): Promise<string>;
  /** Fallback prompt audio served to Twilio's <Play>. */
  audio(id: string): Buffer | undefined;
  /** The owner pressed "1" on an alert call: put them through to the caller (REST update with <Dial>). */
  connectOwnerToCall(input: { callSid: string; ownerPhone: string }): Promise<void>;
  /** PRO "call me now" from the chat: an outbound call whose agent continues the same lead with the chat so far. */
  startCallback(input: { leadId: string; to: string }): Promise<{ callSid: string }>;
  liveCalls(): number;
  /** One pass of the call watch now: open calls on no live relay that Twilio says have ended are finished (a timer does this every minute). */
  checkOpenCalls(): Promise<void>;
  close(): Promise<void>;
}

const streamTokenTtlMs = 60_000;
const callbackTokenTtlMs = 10 * 60_000;
const callSidPattern = /^CA[0-9a-fA-F]{32}$/;

export function createVoiceService(deps: VoiceServiceDeps): VoiceService {
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ component: 'voice' });
  const calls = createCallRecords({ db: deps.db, clock });
  const journal = createCallJournal({ bus: deps.bus, leads: deps.leads, customerTurns: deps.customerTurns, sessions: deps.sessions, calls, log, clock });
  const live = new Map<string, LiveCall>();
  const context: VoiceContext = {
    ...deps,
    log,
    clock,
    knowledge: deps.knowledge,
    calls,
    journal,
    speech: createSpeech({ config: deps.config, secrets: deps.secrets, publicUrl: deps.publicUrl, log, clock, fetch: deps.fetch }),
    tokens: createTokenIssuer({ clock }),
    live,
    realtimeTimeoutMs: deps.realtimeTimeoutMs ?? 3000,
  };
  const { businesses, leads, sessions, secrets, tokens, speech } = context;
  const fallback = createFallbackFlow(context);

  const rest = async () => deps.twilio.client();
  const moves = {
    async fallback(callSid: string) {
      await (await rest())
        .calls(callSid)
        .update({ url: twilioUrls(context).fallbackStart('realtime'), method: 'POST' })
        .catch((error: unknown) => {
          throw toUpstreamError(error);
        });
    },
    transfer: (callSid: string, to: string) => transferCall(context, callSid, to),
    async hangUp(callSid: string) {
      await (await rest())
        .calls(callSid)
        .update({ status: 'completed' })
        .catch((error: unknown) => {
          throw toUpstreamError(error);
        });
    },
  };

  const watch = createCallWatch({
    log,
    now: () => clock.now(),
    isLive: (callSid) => live.has(callSid),
    isOpen: (callSid) => !calls.get(callSid)?.endedAt,
    async fetchStatus(callSid) {
      const call = await (await rest()).calls(callSid).fetch();
      return { status: call.status, durationSeconds: call.duration ? Number(call.duration) : undefined };
    },
    onEnded(callSid, status, durationSeconds) {
      const record = calls.get(callSid);
      if (record?.leadId) journal.ended({ callSid, leadId: record.leadId }, status, durationSeconds);
    },
  });

  function sayAndHangUp(text: string, language = 'en-US'): string {
    const response = new twilio.twiml.VoiceResponse();
    response.say({ voice: 'Polly.Joanna', language: language as SayLanguage }, text);
    response.hangup();
    return response.toString();
  }

  async function spokenHangUp(business: Business, text: string): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    await speech.render(response, { text }, speechLanguage(business.voice.language));
    response.hangup();
    return response.toString();
  }

  /** Every call leaves a lead: one the agent could not take is a missed call with the caller's number. */
  async function missedCall(business: Business, params: TwilioParams, status: string, message: string): Promise<string> {
    const from = callerNumber(params.From);
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: from, missed: true });
    const call = { callSid: params.CallSid!, leadId: lead.id };
    journal.started({ ...call, businessId: business.id, from, to: params.To ?? null, mode: 'missed', status });
    journal.ended(call, status);
    log.info({ callSid: call.callSid, businessId: business.id, status }, 'missed call recorded');
    return spokenHangUp(business, message);
  }

  /** `<Connect><Stream>` with a single-use token in `<Parameter>`; the fallback flow when there is no OpenAI key. */
  async function connectStream(business: Business, call: { callSid: string; leadId: string }, opening: StreamClaims['opening'], outbound: boolean, fallbackReason: FallbackReason): Promise<string> {
    if (!(await secrets.get('OPENAI_API_KEY'))) {
      log.info({ callSid: call.callSid }, 'no OpenAI key: answering with the fallback flow');
      return fallback.start({ ...call, businessId: business.id }, fallbackReason, outbound);
    }
    const urls = twilioUrls(context);
    const token = tokens.issue({ kind: 'stream', callSid: call.callSid, leadId: call.leadId, businessId: business.id, opening }, streamTokenTtlMs);
    const response = new twilio.twiml.VoiceResponse();
    const stream = response.connect().stream({ url: urls.mediaStream, statusCallback: urls.status, statusCallbackMethod: 'POST' });
    stream.parameter({ name: 'token', value: token });
    // Runs only if the stream ends without us moving or ending the call (it failed to connect, or was
    // refused): the caller is not dropped, their details are taken by the fallback flow.
    response.redirect({ method: 'POST' }, urls.fallbackStart('stream'));
    return response.toString();
  }

  /** A line for the call: a live session, or "all lines are busy". */
  async function reserveLine(callSid: string, businessId: string, leadId: string): Promise<boolean> {
    try {
      await sessions.create({ id: callSid, kind: 'voice', businessId, leadId });
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 503) return false;
      throw error;
    }
  }

  const busyMessage = 'All our lines are busy right now. We have your number and will call you back shortly.';

  async function answerCallback(params: TwilioParams, token: string): Promise<string> {
    const claims = tokens.redeem(token, 'callback', (c) => c.to === params.To);
    if (typeof claims === 'string') {
      log.warn({ callSid: params.CallSid, reason: claims }, 'call-back token refused');
      return sayAndHangUp('Sorry, this call could not be connected. Goodbye.');
    }
    const callSid = params.CallSid!;
    const lead = leads.get(claims.leadId);
    const business = businesses.get(lead.businessId);
    const call = { callSid, leadId: lead.id };
    if (!calls.get(callSid)) journal.started({ ...call, businessId: business.id, from: params.From ?? null, to: params.To ?? null, mode: 'realtime', status: 'in-progress' });
    if (!(await reserveLine(callSid, business.id, lead.id))) {
      journal.ended(call, 'busy');
      return spokenHangUp(business, 'Sorry, all our lines are busy right now. We will try you again shortly.');
    }
    calls.setStatus(callSid, 'in-progress');
    watch.add(callSid);
    return connectStream(business, call, 'callback', true, 'setup');
  }

  /**
   * The call a Twilio request is about, from our records; a call we never saw gets a line and a lead now, or,
   * when all lines are busy, the same missed-call answer as at set-up (its TwiML, returned as a string).
   */
  async function resolveCall(params: TwilioParams): Promise<{ callSid: string; leadId: string; businessId: string } | string | undefined> {
    const callSid = params.CallSid ?? '';
    if (!callSidPattern.test(callSid)) throw new BadRequest('CallSid is missing');
    const record = calls.get(callSid);
    if (record?.leadId) return { callSid, leadId: record.leadId, businessId: record.businessId };
    const outbound = params.Direction?.startsWith('outbound');
    const business = businesses.findByNumber((outbound ? params.From : params.To) ?? '');
    if (!business) return undefined;
    if (!(await reserveLine(callSid, business.id, ''))) return missedCall(business, params, 'busy', busyMessage);
    const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: callerNumber(outbound ? params.To : params.From) });
    await sessions.update(callSid, (session) => {
      session.leadId = lead.id;
    });
    journal.started({ callSid, businessId: business.id, leadId: lead.id, from: params.From ?? null, to: params.To ?? null, mode: 'fallback', status: 'in-progress' });
    watch.add(callSid);
    return { callSid, leadId: lead.id, businessId: business.id };
  }

  function authorizeStream(start: TwilioStart['start'], routeLog: Logger): VoiceCallAgent | undefined {
    const token = start.customParameters.token;
    const refuse = (reason: string) => {
      routeLog.warn({ callSid: start.callSid, reason }, 'media stream refused');
      return undefined;
    };
    if (!token) return refuse('no token');
    if (deps.config.twilio.accountSid && start.accountSid !== deps.config.twilio.accountSid) return refuse('another account');
    const claims = tokens.redeem(token, 'stream', (c) => c.callSid === start.callSid);
    if (typeof claims === 'string') return refuse(claims === 'mismatch' ? 'token for another call' : `token ${claims}`);
    const record = calls.get(claims.callSid);
    if (!record || record.endedAt) return refuse('call not open');
    calls.setStatus(claims.callSid, 'in-progress', 'realtime');
    const number = claims.opening === 'callback' ? record.toNumber : record.fromNumber;
    return createCallAgent(
      { config: deps.config, clock, businesses, questions: deps.questions, leads, journal, knowledge: deps.knowledge, moves, live },
      claims,
      callerNumber(number ?? undefined),
      log.child({ callSid: claims.callSid, streamSid: start.streamSid }),
    );
  }

  return {
    async answer(params, query) {
      if (!callSidPattern.test(params.CallSid ?? '')) throw new BadRequest('CallSid is missing');
      if (query.callback) return answerCallback(params, query.callback);
      const callSid = params.CallSid!;
      const business = businesses.findByNumber(params.To ?? '');
      if (!business) {
        log.warn({ callSid }, 'call to a number no business owns');
        return sayAndHangUp('Sorry, this number is not taking calls at the moment. Goodbye.');
      }
      if (!business.features.voiceAgent) return missedCall(business, params, 'no-voice-plan', business.voice.messages.unavailable);
      const from = callerNumber(params.From);
      const existing = calls.get(callSid);
      // Twilio retried the webhook: same call, same lead.
      if (existing?.leadId && !existing.endedAt) return connectStream(business, { callSid, leadId: existing.leadId }, 'greeting', false, 'setup');
      if (!(await reserveLine(callSid, business.id, ''))) return missedCall(business, params, 'busy', busyMessage);
      // The lead, with the caller's number, exists before the agent says a word.
      const lead = leads.create({ businessId: business.id, channel: 'voice', callerPhone: from });
      await sessions.update(callSid, (session) => {
        session.leadId = lead.id;
      });
      journal.started({ callSid, businessId: business.id, leadId: lead.id, from, to: params.To ?? null, mode: 'realtime', status: 'in-progress' });
      watch.add(callSid);
      return connectStream(business, { callSid, leadId: lead.id }, 'greeting', false, 'setup');
    },

    status(params) {
      const callSid = params.CallSid ?? '';
      if (params.StreamEvent) {
        if (params.StreamEvent === 'stream-error') log.warn({ callSid, error: params.StreamError }, 'media stream error reported by Twilio');
        return;
      }
      const record = calls.get(callSid);
      const status = params.CallStatus ?? '';
      if (!record?.leadId || !status) return;
      const duration = params.CallDuration !== undefined ? Number(params.CallDuration) : undefined;
      if (['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status)) {
        // A call on a live relay is finished by its `stop`; Twilio's duration is still the one to keep.
        const finalStatus = status === 'completed' && record.status === 'transferring' ? 'transferred' : status;
        if (!record.endedAt && !live.has(callSid)) journal.ended({ callSid, leadId: record.leadId }, finalStatus, duration);
        else if (duration !== undefined && Number.isFinite(duration)) calls.setDuration(callSid, duration);
        return;
      }
      if (!record.endedAt) calls.setStatus(callSid, status);
    },

    acceptMediaStream(socket, routeLog) {
      startRelay({
        twilio: socket,
        log: routeLog,
        authorize: async (start) => authorizeStream(start, routeLog),
        async connect() {
          const apiKey = await secrets.get('OPENAI_API_KEY');
          if (!apiKey) throw new UpstreamError('openai', 'No OpenAI API key is configured', false);
          return connectRealtime({ url: deps.config.openai.realtimeUrl, model: deps.config.openai.realtimeModel, apiKey, timeoutMs: context.realtimeTimeoutMs });
        },
      });
    },

    async fallbackStart(params, reason) {
      const call = await resolveCall(params);
      if (!call) return sayAndHangUp('Sorry, this number is not taking calls at the moment. Goodbye.');
      if (typeof call === 'string') return call;
      return fallback.start(call, reason, Boolean(params.Direction?.startsWith('outbound')));
    },

    async fallbackAnswer(params, field, attempt) {
      const call = await resolveCall(params);
      if (!call) return sayAndHangUp('Sorry, this number is not taking calls at the moment. Goodbye.');
      if (typeof call === 'string') return call;
      return fallback.answer(call, field, attempt, params.SpeechResult);
    },

    whisper: (callSid) => whisperTwiml(context, callSid),

    async dialResult(params, callSid) {
      const record = calls.get(callSid);
      const hangUp = new twilio.twiml.VoiceResponse();
      hangUp.hangup();
      if (!record?.leadId) return hangUp.toString();
      const call = { callSid, leadId: record.leadId };
      const outcome = params.DialCallStatus ?? 'failed';
      if (outcome === 'completed' || outcome === 'answered') {
        journal.ended(call, 'transferred');
        return hangUp.toString();
      }
      // The owner did not pick up: the caller comes back to the agent, which says so and carries on.
      const turn = leads.addTurn(record.leadId, { channel: 'voice', role: 'system', text: `Transfer to the owner: ${outcome}`, callId: callSid });
      deps.bus.publish('call.turn', { callSid, leadId: record.leadId, role: 'system', text: turn.text, turnId: turn.id });
      const business = businesses.get(record.businessId);
      if (record.mode === 'fallback') return fallback.start({ ...call, businessId: business.id }, 'transfer', false);
      calls.setStatus(callSid, 'in-progress');
      return connectStream(business, call, 'transfer-failed', false, 'transfer');
    },

    audio: (id) => speech.audio(id),

    async connectOwnerToCall({ callSid, ownerPhone }) {
      const to = toE164(ownerPhone);
      if (!to) throw new ValidationFailed('ownerPhone is not a valid phone number');
      const record = calls.get(callSid);
      if (!record) throw new NotFound(`Call ${callSid}`);
      if (record.endedAt) throw new Conflict('That call has already ended');
      const entry = live.get(callSid);
      if (!entry) return transferCall(context, callSid, to);
      entry.agent.expectHandOff('transfer');
      await entry.control.handOff(() => transferCall(context, callSid, to));
    },

    async startCallback({ leadId, to }) {
      const lead = leads.get(leadId);
      const business = businesses.get(lead.businessId);
      if (!business.features.voiceAgent) throw new PlanFeature(`Call-backs are part of the PRO plan; ${business.name} is on ${business.plan}`);
      if (!business.twilioNumber) throw new ValidationFailed(`${business.name} has no Twilio number to call from`);
      const number = toE164(to);
      if (!number) throw new ValidationFailed('to is not a valid phone number');
      const urls = twilioUrls(context);
      const token = tokens.issue({ kind: 'callback', leadId, to: number }, callbackTokenTtlMs);
      const placed = await (await rest()).calls
        .create({
          to: number,
          from: business.twilioNumber,
          url: urls.callback(token),
          method: 'POST',
          statusCallback: urls.status,
          statusCallbackMethod: 'POST',
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        })
        .catch((error: unknown) => {
          throw toUpstreamError(error);
        });
      journal.started({ callSid: placed.sid, businessId: business.id, leadId, from: business.twilioNumber, to: number, mode: 'realtime', status: placed.status ?? 'queued' });
      watch.add(placed.sid);
      log.info({ callSid: placed.sid, leadId }, 'call-back placed');
      return { callSid: placed.sid };
    },

    liveCalls: () => live.size,

    checkOpenCalls: () => watch.sweep(),

    async close() {
      watch.close();
    },
  };
}
