import type { QuestionService } from '../businesses/questions.js';
import type { BusinessService } from '../businesses/service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { LeadService } from '../leads/service.js';
import type { Logger } from '../log/logger.js';
import type { RealtimeSession } from '../relay/openai-events.js';
import type { CallAgent, RelayControl, SessionKind, SessionPlan } from '../relay/relay.js';
import type { CallJournal, CallRef } from './call-journal.js';
import { buildInstructions, openingInstructions, type InstructionInput } from './instructions.js';
import type { StreamClaims } from './stream-tokens.js';
import { runTool, toolDefinitions, type KnowledgeSearch } from './tools.js';

export interface CallAgentDeps {
  config: Config;
  clock: Clock;
  businesses: BusinessService;
  questions: QuestionService;
  leads: LeadService;
  journal: CallJournal;
  knowledge: KnowledgeSearch | undefined;
  /** Moves the live call: to the fallback flow, to a <Dial>, or ends it (Twilio REST call updates). */
  moves: {
    fallback(callSid: string): Promise<void>;
    transfer(callSid: string, to: string): Promise<void>;
    hangUp(callSid: string): Promise<void>;
  };
  /** The voice service's table of live calls (for connectOwnerToCall). */
  live: Map<string, LiveCall>;
}

/** A call on a live relay, as the rest of the voice service reaches it. */
export interface LiveCall {
  agent: VoiceCallAgent;
  control: RelayControl;
}

export interface VoiceCallAgent extends CallAgent {
  /** Someone (the owner answering an alert) takes the call over: the next `stop` is not a hang-up. */
  expectHandOff(kind: 'transfer'): void;
}

type Intent = 'talking' | 'hang-up' | 'transfer' | 'fallback';

const knowledgeHintTimeoutMs = 1500;

/** The business side of one call on the relay: instructions, tools, turns, and where the call goes next. */
export function createCallAgent(deps: CallAgentDeps, claims: StreamClaims, callerNumber: string | null, log: Logger): VoiceCallAgent {
  const { config, businesses, questions, leads, journal, knowledge, moves } = deps;
  const call: CallRef = { callSid: claims.callSid, leadId: claims.leadId };
  let intent: Intent = 'talking';
  let control: RelayControl | undefined;
  let hints: Promise<string[]> | undefined;
  let emergencyNoted = false;

  /** A few passages about the business, looked up once per call and never waited on for long. */
  function knowledgeHints(business: { id: string; industry: string }): Promise<string[]> {
    if (!knowledge) return Promise.resolve([]);
    hints ??= Promise.race([
      knowledge
        .search(business.id, `${business.industry} services prices opening hours service area`, 3)
        .then((found) => found.hits.map((hit) => `${hit.heading ? `${hit.heading}: ` : ''}${hit.text.replace(/\s+/g, ' ').slice(0, 300)}`))
        .catch((error: Error) => {
          log.warn({ err: error }, 'knowledge base hints unavailable');
          return [];
        }),
      new Promise<string[]>((resolve) => setTimeout(() => resolve([]), knowledgeHintTimeoutMs).unref()),
    ]);
    return hints;
  }

  const agent: VoiceCallAgent = {
    callSid: claims.callSid,
    log,
    attach(relayControl) {
      control = relayControl;
      deps.live.set(claims.callSid, { agent, control: relayControl });
    },
    async plan(kind: SessionKind): Promise<SessionPlan> {
      const business = businesses.get(claims.businessId);
      const active = questions.active(business.id);
      const situation: InstructionInput['situation'] =
        kind !== 'first' ? 'continuing' : claims.opening === 'greeting' ? 'new-call' : claims.opening === 'callback' ? 'callback' : 'transfer-failed';
      const instructions = buildInstructions({
        business,
        questions: active,
        lead: leads.detail(claims.leadId),
        callerNumber,
        knowledgeHints: await knowledgeHints(business),
        hasKnowledgeBase: Boolean(knowledge),
        situation,
        now: new Date(deps.clock.now()),
      });
      const { vad, voice, language } = business.voice;
      const session: RealtimeSession = {
        type: 'realtime',
        instructions,
        output_modalities: ['audio'],
        audio: {
          // G.711 mu-law both ways: Twilio's audio passes through without re-encoding.
          input: {
            format: { type: 'audio/pcmu' },
            transcription: { model: config.openai.transcriptionModel, language: language.slice(0, 2) },
            turn_detection: {
              type: 'server_vad',
              threshold: vad.threshold,
              prefix_padding_ms: vad.prefixPaddingMs,
              silence_duration_ms: vad.silenceDurationMs,
              create_response: true,
              interrupt_response: true,
            },
          },
          output: { format: { type: 'audio/pcmu' }, voice },
        },
        tools: toolDefinitions(active),
        tool_choice: 'auto',
      };
      const opening =
        kind === 'first'
          ? openingInstructions(situation, business)
          : kind === 'reconnect'
            ? 'The line dropped for a moment. Apologise in a few words and carry on from where the conversation was.'
            : undefined;
      return { session, opening: opening ? { instructions: opening, metadata: { purpose: 'opening' } } : undefined };
    },
    callerSaid(text) {
      const verdict = journal.callerSaid(call, text);
      if (verdict.emergency && !emergencyNoted) {
        emergencyNoted = true;
        control?.note(
          `Our emergency detector flagged the caller's words (${verdict.reasons.join('; ') || 'urgent'}). Unless that is clearly wrong, treat this as an emergency: call flag_emergency, say the emergency message, and ask the essential questions first.`,
          false,
        );
      }
    },
    agentSaid(text) {
      journal.agentSaid(call, text);
    },
    keypad(digits) {
      journal.callerSaid(call, `[keypad] ${digits}`);
      return `The caller typed on their phone keypad: ${digits}`;
    },
    runTool({ name, arguments: args }) {
      const business = businesses.get(claims.businessId);
      return runTool(name, args, {
        business,
        knowledge,
        recordField: (field, value) => journal.fieldRecorded(call, field, value),
        flagEmergency: (reason) => {
          emergencyNoted = true;
          journal.emergency(call, reason);
        },
      });
    },
    async realtimeLost(reason) {
      intent = 'fallback';
      log.warn({ reason: reason.message }, 'moving the call to the fallback flow');
      await moves.fallback(claims.callSid);
    },
    async hangUp() {
      intent = 'hang-up';
      await moves.hangUp(claims.callSid);
    },
    async transfer() {
      intent = 'transfer';
      await moves.transfer(claims.callSid, businesses.get(claims.businessId).ownerPhone);
    },
    expectHandOff(kind) {
      intent = kind;
    },
    ended(how) {
      if (deps.live.get(claims.callSid)?.agent === agent) deps.live.delete(claims.callSid);
      // Moved to the fallback flow or to the owner: the call goes on there and is finished there.
      if (how === 'handed-off' && (intent === 'fallback' || intent === 'transfer')) return;
      journal.ended(call, 'completed');
    },
  };
  return agent;
}
