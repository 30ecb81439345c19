/**
 * What chat uses of parts built elsewhere: the knowledge base (server/knowledge) and the voice agent's
 * call-back (server/voice). Tests may give chat their own or none, and chat behaves honestly without them (no
 * knowledge base: "I don't know, I've noted your question"; no call-back: the button is never shown).
 */
export type { KnowledgeSearch } from '../knowledge/index.js';

/** PRO "call me now": an outbound call connecting the visitor to the voice agent with the chat so far (server/voice). */
export type StartCallback = (input: { leadId: string; to: string }) => Promise<{ callSid: string }>;
