import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { Question } from '../businesses/questions.js';
import type { Business } from '../businesses/service.js';
import type { CallRef } from './call-journal.js';
import { speechLanguage, twilioUrls, type VoiceContext } from './context.js';
import type { Prompt } from './speech.js';

/**
 * The call flow when the Realtime API is not there: `<Gather input="speech">` turns that walk the lead
 * questions (the essential ones first once it is an emergency), each prompt a `<Play>` of TTS audio or a
 * `<Say>` with SSML. Every word the caller says is stored as a turn and analysed; answers are validated and
 * written at once, so the lead is captured whatever happens to the call.
 */

export type FallbackReason = 'setup' | 'realtime' | 'stream' | 'transfer';

export interface FallbackCall extends CallRef {
  businessId: string;
}

interface FallbackState {
  /** Fields already asked and done with (answered, or given up on after a retry). */
  done: string[];
  emergency: boolean;
  emergencySaid: boolean;
  turns: number;
}

interface NextQuestion {
  field: string;
  text: string;
  choices: string[] | null;
}

export interface FallbackFlow {
  /** The first fallback turn: at set-up (no OpenAI key), or when a live call is moved here. */
  start(call: FallbackCall, reason: FallbackReason, outbound: boolean): Promise<string>;
  /** The caller answered (or said nothing) to the question recorded under `field`. */
  answer(call: FallbackCall, field: string, attempt: number, speechResult: string | undefined): Promise<string>;
}

const interjections = ['Got it.', 'Alright.', 'Perfect.', 'Thank you.', 'Okay.'];
const issueQuestion = 'How can we help you today?';
/** A caller who never stops talking to a machine still gets a goodbye. */
const maxTurns = 25;

export function createFallbackFlow(context: VoiceContext): FallbackFlow {
  const { businesses, questions, leads, journal, sessions, speech, calls } = context;

  async function loadState(callSid: string): Promise<FallbackState> {
    const session = await sessions.get(callSid).catch(() => undefined);
    const state = session?.state.fallback as FallbackState | undefined;
    return state ?? { done: [], emergency: false, emergencySaid: false, turns: 0 };
  }

  async function saveState(callSid: string, state: FallbackState): Promise<void> {
    await sessions
      .update(callSid, (session) => {
        session.state.fallback = state;
      })
      .catch((error: Error) => context.log.warn({ err: error, callSid }, 'fallback state not saved'));
  }

  function nextQuestion(business: Business, call: CallRef, state: FallbackState): NextQuestion | undefined {
    const lead = leads.detail(call.leadId);
    const answered = new Set(lead.answers.map((a) => a.field));
    const skip = (field: string) => answered.has(field) || state.done.includes(field);
    const active = questions.active(business.id);
    // Until the caller has said anything on this call, the first thing to learn is what they need.
    const saidSomething = lead.turns.some((t) => t.role === 'customer' && t.callId === call.callSid);
    if (!active.some((q) => q.field === 'issue') && !skip('issue') && !saidSomething) return { field: 'issue', text: issueQuestion, choices: null };
    const ordered: Question[] = state.emergency
      ? [...active.filter((q) => q.isEssentialForEmergency), ...active.filter((q) => !q.isEssentialForEmergency)]
      : active;
    const next = ordered.find((q) => !skip(q.field));
    return next && { field: next.field, text: next.text, choices: next.choices };
  }

  interface TurnPlan {
    /** Said before the question (an apology, the greeting, "sorry, I didn't catch that"). */
    before: Prompt[];
    /** Ask this field again (a retry) instead of the next unanswered one. */
    retry?: { field: string; attempt: number };
    interjection?: string;
    /** Words to ask the first question with (the business greeting usually asks "how can I help?"). */
    askWith?: string;
  }

  /** One TwiML turn: what to say, then either a question to gather or the goodbye. */
  async function turn(business: Business, call: CallRef, state: FallbackState, plan: TurnPlan): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const language = speechLanguage(business.voice.language);
    const prompts = [...plan.before];
    if (state.emergency && !state.emergencySaid) {
      prompts.push({ text: business.voice.messages.emergency, urgent: true });
      state.emergencySaid = true;
    }
    const next =
      state.turns >= maxTurns
        ? undefined
        : plan.retry
          ? { field: plan.retry.field, ...questionText(business, plan.retry.field) }
          : nextQuestion(business, call, state);
    state.turns++;
    await saveState(call.callSid, state);

    const speak = async (parent: Parameters<typeof speech.render>[0], prompt: Prompt) => {
      await speech.render(parent, prompt, language);
      journal.agentSaid(call, [prompt.interjection, prompt.text].filter(Boolean).join(' '));
    };
    if (!next) {
      prompts.push({ text: business.voice.messages.leadComplete, interjection: plan.interjection });
      for (const prompt of prompts) await speak(response, prompt);
      response.hangup();
      journal.ended(call, 'completed');
      return response.toString();
    }
    const urgent = state.emergency && questions.active(business.id).some((q) => q.field === next.field && q.isEssentialForEmergency);
    prompts.push({ text: next.field === 'issue' && plan.askWith ? plan.askWith : next.text, interjection: plan.interjection, urgent });
    const gather = response.gather({
      input: ['speech'],
      action: twilioUrls(context).fallbackAnswer(next.field, plan.retry?.attempt ?? 1),
      method: 'POST',
      speechTimeout: 'auto',
      language: language as NonNullable<VoiceResponse.GatherAttributes['language']>,
      actionOnEmptyResult: true,
      ...(next.choices ? { hints: next.choices.join(', ') } : {}),
    });
    for (const prompt of prompts) await speak(gather, prompt);
    return response.toString();
  }

  function questionText(business: Business, field: string): { text: string; choices: string[] | null } {
    const question = questions.active(business.id).find((q) => q.field === field);
    return question ? { text: question.text, choices: question.choices } : { text: issueQuestion, choices: null };
  }

  return {
    async start(call, reason, outbound) {
      const business = businesses.get(call.businessId);
      calls.setStatus(call.callSid, 'in-progress', 'fallback');
      const state = await loadState(call.callSid);
      state.emergency ||= leads.get(call.leadId).emergency;
      switch (reason) {
        case 'setup':
          if (outbound) return turn(business, call, state, { before: [{ text: `Hello, this is ${business.name} calling you back about your message on our website.` }] });
          // The greeting usually asks how we can help: then it is the first question itself.
          return /\?\s*$/.test(business.greeting)
            ? turn(business, call, state, { before: [], askWith: business.greeting })
            : turn(business, call, state, { before: [{ text: business.greeting }] });
        case 'transfer':
          return turn(business, call, state, { before: [{ text: `Sorry, nobody could come to the phone right now. I'll take your details so ${business.name} can call you back.` }] });
        case 'realtime':
        case 'stream':
          return turn(business, call, state, { before: [{ text: `Sorry, I'm having trouble on my end. Let me take your details so ${business.name} can call you back.` }] });
      }
    },

    async answer(call, field, attempt, speechResult) {
      const business = businesses.get(call.businessId);
      const state = await loadState(call.callSid);
      const words = speechResult?.trim() ?? '';
      if (!words) {
        if (attempt < 2) return turn(business, call, state, { before: [{ text: "Sorry, I didn't catch that." }], retry: { field, attempt: attempt + 1 } });
        state.done.push(field);
        return turn(business, call, state, { before: [] });
      }
      // The caller's words are stored and analysed before anything else can go wrong.
      const verdict = journal.callerSaid(call, words);
      state.emergency ||= verdict.emergency || leads.get(call.leadId).emergency;
      try {
        journal.fieldRecorded(call, field, words);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 400) throw error;
        if (attempt < 2) return turn(business, call, state, { before: [{ text: `Sorry, ${describeProblem(error as Error)}` }], retry: { field, attempt: attempt + 1 } });
      }
      state.done.push(field);
      return turn(business, call, state, { before: [], interjection: interjections[Math.max(0, state.turns - 1) % interjections.length] });
    },
  };
}

function describeProblem(error: Error): string {
  if (/phone/i.test(error.message)) return "that didn't sound like a full phone number.";
  if (/email/i.test(error.message)) return "I didn't get that email address.";
  if (/one of/i.test(error.message)) return `that isn't one of the options. ${error.message.replace(/^.*must be /, 'It can be ')}.`;
  return "I didn't quite get that.";
}
