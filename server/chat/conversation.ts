import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Question, QuestionService } from '../businesses/questions.js';
import type { Business, BusinessService } from '../businesses/service.js';
import type { Config } from '../config.js';
import { ValidationFailed } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import type { LeadService } from '../leads/service.js';
import type { Logger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Session, SessionStore } from '../sessions/session-store.js';
import type { ChatEventLog } from './chat-events.js';
import { runModelTurn } from './model-turn.js';
import { buildInstructions } from './prompt.js';
import { runScriptedTurn, type ScriptedState } from './scripted-flow.js';
import type { KnowledgeSearch, StartCallback } from './seams.js';
import { toolSpecs, type ToolArguments, type ToolName } from './tools.js';

/** A chat's state in its session. */
export interface ChatState {
  emergency?: boolean;
  scripted?: ScriptedState;
  [key: string]: unknown;
}

export interface ChatRef {
  chatId: string;
  businessId: string;
  leadId: string;
  events: ChatEventLog;
}

export interface ConversationDeps {
  config: Config;
  log: Logger;
  bus: EventBus;
  secrets: SecretStore;
  businesses: BusinessService;
  questions: QuestionService;
  leads: LeadService;
  sessions: SessionStore;
  knowledge?: KnowledgeSearch;
  startCallback?: StartCallback;
  /** Returns the chat's session, recreating it when the store lost it (a restart, an eviction). */
  session(chat: ChatRef): Promise<Session>;
}

export interface Conversation {
  /** Answers one visitor message: streams the reply into the chat's events and stores it as a turn. */
  reply(chat: ChatRef, text: string, emergencyNow: boolean): Promise<void>;
  /** Switches the chat to its emergency flow once: notice to the visitor, essential questions only. */
  enterEmergency(chat: ChatRef): Promise<void>;
  /** Whether "call me now" can be offered to this business's visitors. */
  canCallBack(business: Business): boolean;
}

/** After the model API fails, chats use the scripted flow for this long before trying it again. */
const modelRestMs = 30_000;

export function createConversation(deps: ConversationDeps): Conversation {
  const { config, bus, leads, businesses, questions, sessions, knowledge } = deps;
  let client: { key: string; openai: OpenAI } | undefined;
  let modelRestUntil = 0;

  function openai(key: string): OpenAI {
    // One client per key: the key can be changed from the console while the appliance runs.
    if (client?.key !== key) client = { key, openai: new OpenAI({ apiKey: key, baseURL: config.openai.baseUrl, maxRetries: 1, timeout: 30_000 }) };
    return client.openai;
  }

  function canCallBack(business: Business): boolean {
    return business.features.voiceAgent && deps.startCallback !== undefined;
  }

  async function enterEmergency(chat: ChatRef): Promise<void> {
    const session = await deps.session(chat);
    if ((session.state as ChatState).emergency) return;
    await sessions.update(chat.chatId, (s) => {
      s.state.emergency = true;
    });
    const business = businesses.get(chat.businessId);
    chat.events.append({
      type: 'notice',
      kind: 'emergency',
      text: `${business.voice.messages.emergency} If anyone is in danger, call 911 now.`,
      callback: canCallBack(business),
    });
  }

  /** The questions still to ask and what is known, from SQLite (the lead is the truth, not the session). */
  function progress(
    chat: ChatRef,
    flagged: boolean,
  ): { business: Business; asked: Question[]; todo: Question[]; answers: Record<string, string>; emergency: boolean } {
    const business = businesses.get(chat.businessId);
    const detail = leads.detail(chat.leadId);
    // flag_emergency earlier in this very turn shows on the lead before the session hears of it.
    const emergency = flagged || detail.emergency;
    const answers: Record<string, string> = Object.fromEntries(detail.answers.map((a) => [a.field, a.value]));
    const fromColumns: Record<string, string | null> = { name: detail.callerName, phone: detail.callerPhone, email: detail.callerEmail, address: detail.address };
    const active = questions.active(chat.businessId);
    for (const q of active) {
      // An analyser that already found the phone number in "call me at …" spares the visitor the question. An
      // address is still asked: the analyser keeps the street, the visitor's answer has the city and the gate code.
      const known = q.field === 'name' ? fromColumns.name : q.kind === 'phone' || q.kind === 'email' ? fromColumns[q.kind] : null;
      if (!answers[q.field] && known) answers[q.field] = known;
    }
    const essential = active.filter((q) => q.isEssentialForEmergency);
    const asked = emergency && essential.length ? essential : active;
    return { business, asked, todo: asked.filter((q) => !answers[q.field]), answers, emergency };
  }

  function recordField(chat: ChatRef, field: string, value: string): string {
    const recorded = leads.recordField(chat.leadId, field, value);
    bus.publish('chat.lead', { chatId: chat.chatId, leadId: chat.leadId, field, value: recorded.value });
    return recorded.value;
  }

  async function runTool(chat: ChatRef, name: ToolName, args: ToolArguments): Promise<Record<string, unknown>> {
    switch (name) {
      case 'record_lead_field':
        try {
          return { recorded: args.field, value: recordField(chat, args.field!, args.value!) };
        } catch (error) {
          if (error instanceof ValidationFailed) return { error: error.message };
          throw error;
        }
      case 'flag_emergency':
        leads.flagEmergency(chat.leadId, args.reason!);
        await enterEmergency(chat);
        return { alerted: true, next: 'Ask only the essential questions, briefly.' };
      case 'search_knowledge_base': {
        if (!knowledge) return { hits: [] };
        // The business comes from the chat, never from the model: no query reaches another business's documents.
        const { hits } = await knowledge.search(chat.businessId, args.query!, 3);
        return { hits: hits.map((h) => ({ title: h.source.title, heading: h.heading, text: h.text.slice(0, 1200) })) };
      }
    }
  }

  function history(session: Session): ChatCompletionMessageParam[] {
    return session.turns
      .filter((t) => t.role !== 'system')
      .map((t): ChatCompletionMessageParam => (t.role === 'customer' ? { role: 'user', content: t.text } : { role: 'assistant', content: t.text }));
  }

  return {
    enterEmergency,
    canCallBack,
    async reply(chat, text, emergencyNow) {
      const log = deps.log.child({ chatId: chat.chatId });
      if (emergencyNow) await enterEmergency(chat);
      await deps.session(chat);
      let session = await sessions.appendTurn(chat.chatId, { role: 'customer', text, at: Date.now() });
      const state = session.state as ChatState;
      const replyId = randomBytes(6).toString('hex');
      chat.events.append({ type: 'reply.start', replyId });
      let said = '';
      const say = (piece: string) => {
        if (!piece) return;
        said += piece;
        chat.events.append({ type: 'reply.delta', replyId, text: piece });
      };

      const key = Date.now() < modelRestUntil ? undefined : await deps.secrets.get('OPENAI_API_KEY');
      let needScript = !key;
      if (key) {
        const specs = toolSpecs({ fields: fieldsOf(chat, deps), knowledge: Boolean(knowledge) });
        try {
          await runModelTurn({
            client: openai(key),
            model: config.openai.chatModel,
            instructions: () => {
              const { business, todo, answers, emergency } = progress(chat, Boolean(state.emergency));
              return buildInstructions({ business, questions: todo, answers, emergency, knowledge: Boolean(knowledge) });
            },
            messages: history(session),
            tools: specs,
            onDelta: say,
            runTool: (name, args) => runTool(chat, name, args),
            onRejectedTool: (tool, reason) => log.warn({ tool, reason }, 'model tool call rejected'),
          });
          if (!said.trim()) needScript = true;
        } catch (error) {
          log.warn({ err: error }, 'chat model failed; answering with the scripted flow');
          needScript = true;
          // Every visitor would otherwise wait for the same failing call: give the API a rest first.
          modelRestUntil = Date.now() + modelRestMs;
          if (said) say(`${/\s$/.test(said) ? '' : ' '}… Sorry, I lost my connection for a moment. `);
        }
      }
      if (needScript) {
        session = await deps.session(chat);
        const current = session.state as ChatState;
        const { business, asked, answers } = progress(chat, Boolean(current.emergency));
        const result = await runScriptedTurn({
          business,
          questions: asked,
          allQuestions: questions.active(chat.businessId),
          answers,
          text,
          first: session.turns.filter((t) => t.role === 'customer').length <= 1,
          state: current.scripted ?? {},
          knowledge,
          record: (field, value) => recordField(chat, field, value),
        });
        await sessions.update(chat.chatId, (s) => {
          s.state.scripted = result.state;
        });
        say(result.text);
      }
      const finalText = said.trim() || 'Thanks, the team will get back to you shortly.';
      const turn = leads.addTurn(chat.leadId, { channel: 'chat', role: 'agent', text: finalText, chatId: chat.chatId });
      await sessions.appendTurn(chat.chatId, { role: 'agent', text: finalText, at: Date.now() });
      chat.events.append({ type: 'reply.end', replyId, text: finalText, turnId: turn.id });
      bus.publish('chat.turn', { chatId: chat.chatId, leadId: chat.leadId, role: 'agent', text: finalText, turnId: turn.id });
    },
  };
}

/** The fields the model may record: the business's active questions and the standard ones. */
function fieldsOf(chat: ChatRef, deps: ConversationDeps): string[] {
  const standard = ['name', 'phone', 'email', 'address', 'issue', 'notes'];
  return [...new Set([...deps.questions.active(chat.businessId).map((q) => q.field), ...standard])];
}
