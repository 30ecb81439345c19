/** The chat API as the widget calls it; the shapes are server/chat/wire.ts, shared with the server. */
import type { ChatEvent } from '../chat/wire.js';

export type { ChatEvent, WidgetConfig } from '../chat/wire.js';

export const eventTypes: Array<ChatEvent['type']> = ['reset', 'message', 'reply.start', 'reply.delta', 'reply.end', 'notice', 'ended'];

export interface ApiError {
  status: number;
  code: string;
}

/** A failed call: the HTTP status and the error code from `{error:{code}}` (0 / NETWORK when offline). */
export async function call<T>(url: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers, credentials: 'omit' });
  } catch {
    throw { status: 0, code: 'NETWORK' } satisfies ApiError;
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  if (!response.ok) throw { status: response.status, code: body.error?.code ?? 'ERROR' } satisfies ApiError;
  return body as T;
}
