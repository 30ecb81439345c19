import createError from '@fastify/error';

/**
 * Every error the appliance answers with, in one table: code, message, HTTP status.
 * Services throw these; one error handler per listener turns them into `{error:{code,message}}`.
 */
export const BadRequest = createError('BAD_REQUEST', '%s', 400);
export const ValidationFailed = createError('VALIDATION', '%s', 400);
export const InvalidJson = createError('INVALID_JSON', 'The request body is not valid JSON', 400);
export const BodyTooLarge = createError('BODY_TOO_LARGE', 'The request body is larger than %s bytes', 400);
export const Unauthorized = createError('UNAUTHORIZED', 'A valid admin token is required', 401);
export const ForbiddenHost = createError('FORBIDDEN_HOST', 'This API only answers requests addressed to localhost', 403);
export const ForbiddenOrigin = createError('FORBIDDEN_ORIGIN', 'This API only answers the console served from this machine', 403);
export const PlanLimit = createError('PLAN_LIMIT', '%s', 403);
export const PlanFeature = createError('PLAN_FEATURE', '%s', 403);
export const BadTwilioSignature = createError('TWILIO_SIGNATURE', 'Invalid Twilio signature', 403);
export const NotFound = createError('NOT_FOUND', '%s not found', 404);
export const Conflict = createError('CONFLICT', '%s', 409);
export const RateLimited = createError('RATE_LIMITED', '%s', 429);
export const Unavailable = createError('UNAVAILABLE', '%s', 503);
// The chat widget's answers (server/chat): the widget shows each kindly, never the raw message.
export const OriginNotAllowed = createError('ORIGIN_NOT_ALLOWED', 'This website is not allowed to open chats for this business', 403);
export const ChatTokenInvalid = createError('CHAT_TOKEN', 'This chat session is not valid; start a new chat', 401);
export const ChatEnded = createError('CHAT_ENDED', 'This chat has ended; start a new one', 409);
export const ChatsFull = createError('CHAT_FULL', 'All our lines are busy right now; please try again in a minute', 503);
// No room for a new call or chat session (only live ones at the cap, or memory above its ceiling). It is also an
// Unavailable, so a channel that checks `instanceof Unavailable` keeps working.
export const SessionsFull = createError('SESSIONS_FULL', '%s', 503, Unavailable as unknown as ErrorConstructor);
// Knowledge base: refused uploads and imports, said before anything is stored.
export const KbUnsupportedFile = createError('KB_UNSUPPORTED_FILE', '%s', 400);
export const KbFileTooLarge = createError('KB_FILE_TOO_LARGE', '%s', 400);
export const KbBadUpload = createError('KB_BAD_UPLOAD', '%s', 400);

/** Upstream failures (OpenAI, Twilio, SMTP) carry whether a retry may help and the upstream status. */
export class UpstreamError extends Error {
  constructor(
    readonly service: 'openai' | 'twilio' | 'smtp' | 'ngrok' | 'redis',
    message: string,
    readonly retryable: boolean,
    readonly upstreamStatus?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** The JSON body every listener answers an error with. */
export interface ErrorBody {
  error: { code: string; message: string };
}
