import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../test-kit/http.js';
import { demoBusinessInput, startTestServer, type TestServer } from '../test-kit/server-harness.js';
import { buildAdminApp } from '../admin/admin-app.js';

let server: TestServer;
let adminRoutes: Array<{ method: string; url: string }>;
let businessId: string;
let leadId: string;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await buildAdminApp(server.services, { adminToken: server.adminToken });
  await admin.ready();
  adminRoutes = admin.routeTable.filter((r) => r.url.startsWith('/api'));
  await admin.close();
  businessId = (await server.admin('POST', '/api/businesses', demoBusinessInput)).body.id;
  leadId = (await server.admin('POST', '/api/leads', { businessId, callerName: 'Private Person' })).body.id;
});
afterAll(() => server.stop());

const spoofs: Array<Record<string, string>> = [
  {},
  { host: '127.0.0.1:3211' },
  { host: 'localhost', 'x-forwarded-host': 'localhost:3211', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' },
  { 'x-forwarded-port': '3211', 'x-original-url': '/api/leads', 'x-rewrite-url': '/api/leads' },
];

describe('the public listener', () => {
  it('knows the admin routes it must refuse', () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(15);
    expect(adminRoutes).toContainEqual({ method: 'GET', url: '/api/leads' });
  });

  it('answers no admin route, whatever Host or X-Forwarded-* say', async () => {
    for (const route of adminRoutes) {
      const path = route.url.replace(':id', route.url.startsWith('/api/leads') ? leadId : businessId).replace(/:\w+/g, 'x');
      for (const spoof of spoofs) {
        const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
        const response = await rawRequest(`${server.publicUrl}${path}`, {
          method: route.method,
          headers: { authorization: `Bearer ${server.adminToken}`, ...(withBody ? { 'content-type': 'application/json' } : {}), ...spoof },
          body: withBody ? '{}' : undefined,
        });
        expect(response.status, `${route.method} ${path} ${JSON.stringify(spoof)}`).toBe(404);
        expect(response.text).not.toContain('Private Person');
        expect(response.text).not.toContain(demoBusinessInput.name);
        if (route.method !== 'HEAD') expect(response.json().error.code).toBe('NOT_FOUND');
      }
    }
  });

  it('does not serve the admin console or the event stream', async () => {
    for (const path of ['/', '/index.html', '/api/events', '/api']) {
      const response = await rawRequest(`${server.publicUrl}${path}`, { headers: { host: 'localhost:3211' } });
      expect(response.status).toBe(404);
    }
  });

  it('answers /healthz with the status word only', async () => {
    const response = await rawRequest(`${server.publicUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'healthy' });
  });
});
