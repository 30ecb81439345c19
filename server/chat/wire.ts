/**
 * The chat API's shapes as both sides see them: the server (server/chat) and the widget (server/widget), a
 * browser bundle that can import types from here and nothing else (no runtime imports in this file).
 */

/** What the widget receives on a chat's event stream (SSE). One union, keyed on `type`. */
export type ChatEvent =
  /** Sent first when a stream starts from the beginning: the client clears what it shows and replays. */
  | { type: 'reset' }
  | { type: 'message'; role: 'customer'; text: string; turnId: number; clientId?: string }
  /** The agent is typing. */
  | { type: 'reply.start'; replyId: string }
  | { type: 'reply.delta'; replyId: string; text: string }
  /** The whole reply: replaces whatever deltas the client has for it. */
  | { type: 'reply.end'; replyId: string; text: string; turnId: number }
  | { type: 'notice'; kind: 'emergency' | 'info'; text: string; callback?: boolean }
  | { type: 'ended' };

/** What the widget shows before the first message: from the business's widget settings and plan. */
export interface WidgetConfig {
  title: string;
  greeting: string;
  color: string;
  position: 'bottom-right' | 'bottom-left';
  branding: boolean;
}
