import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { secretNames, type SecretStore } from '../secrets/secret-store.js';

const NameParams = Type.Object({ name: Type.Enum(secretNames) }, { additionalProperties: false });
const SetSecretBody = Type.Object({ value: Type.String({ minLength: 8, maxLength: 500, pattern: '^\\S+$' }) }, { additionalProperties: false });

/** Admin API: set and delete secrets; reading one only says whether it is set and where it comes from. */
export const secretRoutes: FastifyPluginAsyncTypebox<{ secrets: SecretStore }> = async (app, { secrets }) => {
  app.get('/api/secrets', async () => ({ backend: secrets.backend, secrets: await secrets.status() }));

  app.put('/api/secrets/:name', { schema: { params: NameParams, body: SetSecretBody } }, async (request) => {
    await secrets.set(request.params.name, request.body.value);
    return (await secrets.status())[request.params.name];
  });

  app.delete('/api/secrets/:name', { schema: { params: NameParams } }, async (request, reply) => {
    await secrets.delete(request.params.name);
    return reply.code(204).send();
  });
};
