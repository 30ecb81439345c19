/**
 * What chat uses of parts built elsewhere, typed here so this folder stands alone: each is optional and chat
 * behaves honestly without it (no knowledge base: "I don't know, I've noted your question"; no call-back:
 * the button is never shown).
 */
export interface KnowledgeHit {
  chunkId: number | string;
  text: string;
  heading: string | null;
  score: number;
  source: { documentId: string; title: string; kind: string; position: number; url?: string };
}

export interface KnowledgeSearch {
  search(businessId: string, query: string, k?: number): Promise<{ mode: 'hybrid' | 'keyword'; hits: KnowledgeHit[] }>;
}

/** PRO "call me now": an outbound call connecting the visitor to the voice agent with the chat so far (server/voice). */
export type StartCallback = (input: { leadId: string; to: string }) => Promise<{ callSid: string }>;
