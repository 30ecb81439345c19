import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BadTwilioSignature } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { isValidTwilioSignature, isValidTwilioUpgradeSignature } from '../twilio/webhook-signature.js';
import type { VoiceService } from './voice-service.js';

const TwilioForm = Type.Record(Type.String(), Type.String());
const CallSid = Type.String({ pattern: '^CA[0-9a-fA-F]{32}$' });

/**
 * The public listener's phone routes. Every request from Twilio is checked against X-Twilio-Signature over
 * the PUBLIC URL (behind a tunnel the Host header is not the public one) before anything happens; the media
 * stream's upgrade request is checked the same way, with no parameters.
 */
export interface VoiceRoutesDeps {
  voice: VoiceService;
  secrets: SecretStore;
  publicUrl(): string | undefined;
}

export const voiceRoutes: FastifyPluginAsyncTypebox<VoiceRoutesDeps> = async (app, deps) => {
  const { voice } = deps;

  async function credentials(request: FastifyRequest): Promise<{ authToken: string; publicUrl: string }> {
    const authToken = await deps.secrets.get('TWILIO_AUTH_TOKEN');
    const publicUrl = deps.publicUrl();
    if (!authToken || !publicUrl) {
      request.log.warn({ authToken: Boolean(authToken), publicUrl: Boolean(publicUrl) }, 'Twilio request refused: TWILIO_AUTH_TOKEN or the public URL is not set');
      throw new BadTwilioSignature();
    }
    return { authToken, publicUrl };
  }

  async function signedWebhook(request: FastifyRequest): Promise<void> {
    const { authToken, publicUrl } = await credentials(request);
    const signature = request.headers['x-twilio-signature'];
    const params = (request.body ?? {}) as Record<string, string>;
    if (!isValidTwilioSignature({ authToken, publicUrl, pathAndQuery: request.url, params, signature: typeof signature === 'string' ? signature : undefined })) {
      request.log.warn({ url: request.routeOptions.url, signed: Boolean(signature) }, 'Twilio webhook with a bad or missing signature refused');
      throw new BadTwilioSignature();
    }
  }

  const xml = 'text/xml; charset=utf-8';

  app.post('/twilio/voice', {
    schema: { body: TwilioForm, querystring: Type.Object({ callback: Type.Optional(Type.String({ maxLength: 4096 })) }, { additionalProperties: false }) },
    preHandler: signedWebhook,
    handler: async (request, reply) => {
      return reply.type(xml).send(await voice.answer(request.body, request.query));
    },
  });

  app.post('/twilio/status', {
    schema: { body: TwilioForm },
    preHandler: signedWebhook,
    handler: async (request, reply) => {
      voice.status(request.body);
      return reply.code(204).send();
    },
  });

  app.post('/twilio/fallback/start', {
    schema: {
      body: TwilioForm,
      querystring: Type.Object({ reason: Type.Union([Type.Literal('setup'), Type.Literal('realtime'), Type.Literal('stream'), Type.Literal('transfer')]) }, { additionalProperties: false }),
    },
    preHandler: signedWebhook,
    handler: async (request, reply) => {
      return reply.type(xml).send(await voice.fallbackStart(request.body, request.query.reason));
    },
  });

  app.post('/twilio/fallback/answer', {
    schema: {
      body: TwilioForm,
      querystring: Type.Object({ field: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }), attempt: Type.String({ pattern: '^[1-9]$' }) }, { additionalProperties: false }),
    },
    preHandler: signedWebhook,
    handler: async (request, reply) => {
      const { field, attempt } = request.query;
      return reply.type(xml).send(await voice.fallbackAnswer(request.body, field, Number(attempt)));
    },
  });

  app.post('/twilio/transfer/whisper', {
    schema: { body: TwilioForm, querystring: Type.Object({ call: CallSid }, { additionalProperties: false }) },
    preHandler: signedWebhook,
    handler: async (request, reply) => reply.type(xml).send(voice.whisper(request.query.call)),
  });

  app.post('/twilio/transfer/result', {
    schema: { body: TwilioForm, querystring: Type.Object({ call: CallSid }, { additionalProperties: false }) },
    preHandler: signedWebhook,
    handler: async (request, reply) => {
      return reply.type(xml).send(await voice.dialResult(request.body, request.query.call));
    },
  });

  // Fetched by Twilio's <Play>, which does not sign media requests: the id is 144 random bits and lives minutes.
  app.get('/twilio/audio/:id', {
    schema: { params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{24}\\.mp3$' }) }) },
    handler: async (request, reply) => {
      const audio = voice.audio(request.params.id);
      if (!audio) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such audio (it may have expired)' } });
      return reply.type('audio/mpeg').header('cache-control', 'no-store').send(audio);
    },
  });

  app.get(
    '/media-stream',
    {
      websocket: true,
      // Runs before the upgrade: a refused handshake never becomes a WebSocket, and no OpenAI socket opens.
      preValidation: async (request) => {
        const { authToken, publicUrl } = await credentials(request);
        const signature = request.headers['x-twilio-signature'];
        if (!isValidTwilioUpgradeSignature({ authToken, publicUrl, pathAndQuery: request.url, signature: typeof signature === 'string' ? signature : undefined })) {
          request.log.warn({ signed: Boolean(signature) }, 'media stream upgrade with a bad or missing signature refused');
          throw new BadTwilioSignature();
        }
      },
    },
    // Fastify's request logger is the app's pino logger with the request id bound.
    (socket, request) => voice.acceptMediaStream(socket, request.log as Logger),
  );
};
