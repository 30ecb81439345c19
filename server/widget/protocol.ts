/**
 * The chat API as the widget sees it. Mirrors server/chat (chat-events.ts, routes.ts, chat-service.ts); kept
 * here because the widget is a browser bundle that must not pull in server modules.
 */
export type ChatEvent =
  | { type: 'reset' }
  | { type: 'message'; role: 'customer'; text: string; turnId: number; clientId?: string }
  | { type: 'reply.start'; replyId: string }
  | { type: 'reply.delta'; replyId: string; text: string }
  | { type: 'reply.end'; replyId: string; text: string; turnId: number }
  | { type: 'notice'; kind: 'emergency' | 'info'; text: string; callback?: boolean }
  | { type: 'ended' };

export const eventTypes: Array<ChatEvent['type']> = ['reset', 'message', 'reply.start', 'reply.delta', 'reply.end', 'notice', 'ended'];

export interface WidgetConfig {
  title: string;
  greeting: string;
  color: string;
  position: 'bottom-right' | 'bottom-left';
  branding: boolean;
}

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
