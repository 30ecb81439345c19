import createError from '@fastify/error';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { BadTwilioSignature } from '../errors.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { isValidTwilioSignature } from '../twilio/webhook-signature.js';
import { AlertQuery, GatherBody, InboundSmsBody, StatusBody } from './schemas.js';
import type { Alerts } from './service.js';

export interface AlertWebhookDeps {
  alerts: Alerts;
  secrets: SecretStore;
  publicUrl(): string | undefined;
}

const form = 'application/x-www-form-urlencoded';

/**
 * Signed, but not what Twilio sends (a CallSid that is not one, no alert id, an SMS without To): refused like an
 * unsigned request (issue 8: "a malformed or unsigned webhook: 403, nothing changes"), saying what was wrong.
 * Kept with the alert webhooks; its code could join errors.ts's table.
 */
export const MalformedTwilioWebhook = createError('TWILIO_WEBHOOK_MALFORMED', 'Not a well-formed Twilio webhook: %s', 403);

/**
 * PUBLIC listener: what Twilio calls about alerts. Every request must carry Twilio's signature over the
 * configured public URL and its form parameters (twilio.com/docs/usage/webhooks/webhooks-security); anything
 * else (unsigned, wrongly signed, not a form, no public URL to check against) is refused with 403 before any
 * state is touched, and so is a signed request whose parameters are not what Twilio sends.
 *
 * - POST /twilio/alerts/gather?alert=ID  the key pressed on the alert call (1 connect, 2 acknowledge)
 * - POST /twilio/alerts/status?alert=ID  what became of an alert call or SMS
 * - POST /twilio/sms                     an SMS to a business's number ("OK" acknowledges)
 */
export const alertWebhooks: FastifyPluginAsyncTypebox<AlertWebhookDeps> = async (app, { alerts, secrets, publicUrl }) => {
  // Refused before the body is even parsed: Twilio always sends these as a signed form.
  app.addHook('onRequest', async (request) => {
    const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!request.headers['x-twilio-signature'] || type !== form) throw new BadTwilioSignature();
  });
  // After parsing, before schema validation: a malformed body with a good signature is still Twilio's.
  app.addHook('preValidation', async (request) => {
    if (!(await signedByTwilio(request))) throw new BadTwilioSignature();
  });
  // The routes keep their schema's verdict (attachValidation) so that it is a 403 here rather than the 400 of the
  // rest of the API; the handler is never reached.
  app.addHook('preHandler', async (request) => {
    if (request.validationError) throw new MalformedTwilioWebhook(request.validationError.message);
  });

  async function signedByTwilio(request: FastifyRequest): Promise<boolean> {
    const authToken = await secrets.get('TWILIO_AUTH_TOKEN');
    const base = publicUrl();
    const params = request.body;
    if (!authToken || !base || !isStringRecord(params)) return false;
    const signature = request.headers['x-twilio-signature'];
    return isValidTwilioSignature({ authToken, publicUrl: base, pathAndQuery: request.url, params, signature: typeof signature === 'string' ? signature : undefined });
  }

  app.post('/twilio/alerts/gather', { schema: { querystring: AlertQuery, body: GatherBody }, attachValidation: true }, async (request, reply) => {
    const twiml = await alerts.keypress({ alertId: Number(request.query.alert), callSid: request.body.CallSid, digits: request.body.Digits });
    return reply.type('text/xml').send(twiml);
  });

  app.post('/twilio/alerts/status', { schema: { querystring: AlertQuery, body: StatusBody }, attachValidation: true }, async (request, reply) => {
    const { CallSid, CallStatus, MessageSid, MessageStatus } = request.body;
    alerts.delivery({ alertId: Number(request.query.alert), sid: CallSid ?? MessageSid, status: CallStatus ?? MessageStatus });
    return reply.code(204).send();
  });

  app.post('/twilio/sms', { schema: { body: InboundSmsBody }, attachValidation: true }, async (request, reply) => {
    const { From, To, Body } = request.body;
    return reply.type('text/xml').send(alerts.inboundSms({ from: From, to: To, body: Body }));
  });
};

/** A form Twilio signs has one string per name; a repeated name (an array) is not one of Twilio's. */
function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}
