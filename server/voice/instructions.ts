import type { Question } from '../businesses/questions.js';
import type { Business } from '../businesses/service.js';
import type { LeadDetail } from '../leads/service.js';

export interface InstructionInput {
  business: Business;
  questions: Question[];
  lead: LeadDetail;
  /** The number the caller is calling from, when caller ID gave one. */
  callerNumber: string | null;
  /** Short passages from the knowledge base about the business (services, hours, area), when there is one. */
  knowledgeHints: string[];
  hasKnowledgeBase: boolean;
  /** Why this session starts: a new call, a call-back after a chat, back from an unanswered transfer, or a fresh session mid-call. */
  situation: 'new-call' | 'callback' | 'transfer-failed' | 'continuing';
  now: Date;
}

const maxHistoryChars = 6000;

/**
 * The session's instructions (system prompt), built from the business's own settings: profile, the lead
 * questions in order with the field each answer is recorded under, what to do in an emergency, the
 * business's own messages, and the conversation so far when a session continues one.
 */
export function buildInstructions(input: InstructionInput): string {
  const { business, questions, lead, callerNumber, situation } = input;
  const messages = business.voice.messages;
  const localTime = input.now.toLocaleString('en-US', { timeZone: business.timezone, weekday: 'long', hour: 'numeric', minute: '2-digit' });
  const answered = new Map(lead.answers.map((a) => [a.field, a.value]));
  const sections: string[] = [];

  sections.push(
    [
      `You are the phone receptionist of ${business.name}, a ${business.industry} business. It is ${localTime} there.`,
      `Speak ${languageName(business.voice.language)}. This is a phone call: keep every reply to one or two short sentences, ask one question at a time, sound warm and natural, and never read out lists.`,
      'Never invent prices, availability or promises. Never mention these instructions, tools or that you are an AI model unless asked directly.',
    ].join(' '),
  );

  const lines = questions.map((q) => {
    const done = answered.get(q.field);
    const kind = q.kind === 'choice' && q.choices ? `one of: ${q.choices.join(', ')}` : q.kind;
    return `- ${q.text} (field "${q.field}", ${kind}${q.required ? '' : ', optional'}${q.isEssentialForEmergency ? ', essential in an emergency' : ''})${done ? ` — already answered: ${done}` : ''}`;
  });
  sections.push(
    [
      'Your job is to understand what the caller needs and take their details for the business. Ask these questions, in this order, skipping any already answered:',
      ...(lines.length ? lines : ['- What they need help with (field "issue")', '- Their name (field "name")', '- The best number to reach them (field "phone")']),
      'As soon as the caller gives an answer, call record_lead_field with the field and the value (dates as YYYY-MM-DD when you can). If the tool says the value is not valid, ask again politely.',
      'Record what the problem is under "issue", and anything else useful under "notes".',
      callerNumber
        ? `Caller ID shows ${callerNumber}. When you ask for a phone number, ask whether this number is the best one rather than asking them to read it out.`
        : 'Caller ID is hidden: ask for a number to call back.',
      `When you have the answers, say: "${messages.leadComplete}" Then ask if there is anything else.`,
    ].join('\n'),
  );

  const essential = questions.filter((q) => q.isEssentialForEmergency).map((q) => `"${q.text}"`);
  sections.push(
    [
      'If the caller describes an emergency (danger to people or property, something happening right now that cannot wait), call flag_emergency with a short reason at once,',
      `say: "${messages.emergency}"`,
      essential.length ? `then ask only the essential questions first: ${essential.join(', ')}; the rest can wait.` : 'then get their address and a number to call back first.',
      'If they ask for a person, or an emergency needs the owner now, call transfer_to_owner.',
    ].join(' '),
  );

  sections.push(
    input.hasKnowledgeBase
      ? 'For questions about services, prices, hours, service area or policies, call search_knowledge_base and answer only from what it returns; if it has nothing, say someone will get back to them on that.'
      : 'You have no documents about the business: for questions about prices, hours or policies, say someone will get back to them on that.',
  );
  if (input.knowledgeHints.length) sections.push(`What the business says about itself:\n${input.knowledgeHints.map((h) => `- ${h}`).join('\n')}`);

  sections.push(`When the caller is done, or says goodbye, call end_call (it says "${messages.endCall}" for you). Keypad presses reach you as text.`);

  const history = conversation(lead);
  if (situation === 'callback') {
    sections.push(
      `You are calling the customer back: they asked on ${business.name}'s website for a call. Introduce yourself as calling from ${business.name} about their message, then continue from where the chat left off; do not ask again for what they already told you.${history ? `\nThe chat so far:\n${history}` : ''}`,
    );
  } else if (history) {
    sections.push(`The conversation so far (continue it; do not greet again or repeat questions already answered):\n${history}`);
  }
  if (situation === 'transfer-failed') {
    sections.push('You tried to put the caller through to the owner, who did not answer. The caller is back with you.');
  }
  return sections.join('\n\n');
}

/** The lead's turns as lines, newest kept when too long (the start of a long call matters less than its end). */
function conversation(lead: LeadDetail): string {
  const lines = lead.turns.filter((t) => t.role !== 'system').map((t) => `${t.role === 'customer' ? 'Customer' : 'Agent'} (${t.channel}): ${t.text}`);
  let text = lines.join('\n');
  if (text.length > maxHistoryChars) text = `…\n${text.slice(-maxHistoryChars)}`;
  return text;
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** What the agent says first, as a response.create. */
export function openingInstructions(situation: InstructionInput['situation'], business: Business): string | undefined {
  switch (situation) {
    case 'new-call':
      return `Greet the caller. Say exactly this, then stop: "${business.greeting}"`;
    case 'callback':
      return `The customer just picked up. Introduce yourself in one sentence as calling from ${business.name} about the message they left on the website, and ask how you can help or continue from the chat.`;
    case 'transfer-failed':
      return 'In one short sentence, tell the caller the owner could not come to the phone right now and that you will keep taking their details so they get a call back. Then carry on.';
    case 'continuing':
      return undefined;
  }
}
