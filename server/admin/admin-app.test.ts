import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { BusEvent } from '../events/bus.js';
import { startServer } from '../index.js';
import { createLogger } from '../log/logger.js';
import { rawRequest } from '../test-kit/http.js';
import { tempDir, testConfig } from '../test-kit/test-config.js';
import { demoBusinessInput, startTestServer, type TestServer } from '../test-kit/server-harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('admin API authentication', () => {
  it('refuses a request without a token', async () => {
    const response = await rawRequest(`${server.adminUrl}/api/businesses`);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
  });

  it('refuses a wrong token, including one that only shares a prefix', async () => {
    for (const token of ['nope', server.adminToken.slice(0, -1), `${server.adminToken}x`, '']) {
      const response = await rawRequest(`${server.adminUrl}/api/businesses`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
    }
    const basic = await rawRequest(`${server.adminUrl}/api/businesses`, { headers: { authorization: `Basic ${server.adminToken}` } });
    expect(basic.status).toBe(401);
  });

  it('answers the right token', async () => {
    const response = await rawRequest(`${server.adminUrl}/api/businesses`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual([]);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each(['evil.example', 'evil.example:3211', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.5:3211'])(
    'refuses Host: %s even with the right token (DNS rebinding)',
    async (host) => {
      const response = await rawRequest(`${server.adminUrl}/api/businesses`, {
        headers: { host, authorization: `Bearer ${server.adminToken}` },
      });
      expect(response.status).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN_HOST');
    },
  );

  it.each(['localhost:3211', '127.0.0.1', '[::1]:3211'])('accepts the loopback Host %s', async (host) => {
    const response = await rawRequest(`${server.adminUrl}/api/health`, { headers: { host, authorization: `Bearer ${server.adminToken}` } });
    expect(response.status).toBe(200);
  });

  it.each(['/%61pi/businesses', '/%61%70%69/health', '/api%2Fbusinesses', '//api/businesses', '/api/../api/businesses', '/%2e/api/businesses'])(
    'never answers an encoded or roundabout path to the API without the token: %s',
    async (path) => {
      const response = await rawRequest(`${server.adminUrl}${path}`);
      expect([401, 404]).toContain(response.status);
      expect(response.text).not.toContain('"status"');
    },
  );

  it('asks for the token on the route a percent-encoded path reaches', async () => {
    const response = await rawRequest(`${server.adminUrl}/%61pi/businesses`);
    expect(response.status).toBe(401);
    const withToken = await rawRequest(`${server.adminUrl}/%61pi/businesses`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(withToken.status).toBe(200);
  });

  it.each([
    ['GET', '/api/health?verbose=1', undefined],
    ['GET', '/api/businesses?limit=5', undefined],
    ['GET', '/api/secrets?all=true', undefined],
    ['POST', '/api/alerts/1/acknowledge', { by: 'me', extra: true }],
  ])('refuses what a route does not take: %s %s', async (method, path, body) => {
    const response = await server.admin(method, path, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION');
  });

  it('takes no body, or an empty one, where a route needs none', async () => {
    for (const body of [undefined, {}]) {
      const response = await server.admin('POST', '/api/alerts/1/acknowledge', body);
      expect(response.status).toBe(404);
    }
  });

  it('refuses a page from another origin even with the token', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example', 'null']) {
      const response = await rawRequest(`${server.adminUrl}/api/businesses`, { headers: { origin, authorization: `Bearer ${server.adminToken}` } });
      expect(response.status).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN_ORIGIN');
    }
    const console = await rawRequest(`${server.adminUrl}/api/businesses`, { headers: { origin: server.adminUrl, authorization: `Bearer ${server.adminToken}` } });
    expect(console.status).toBe(200);
  });

  it('generates a token on first start and keeps it across restarts', async () => {
    const temp = tempDir();
    try {
      const start = async () => startServer(testConfig(temp.dir), { keytar: false, logger: await createLogger({ level: 'silent', dataDir: temp.dir, terminal: 'none' }) });
      const first = await start();
      await first.close();
      const second = await start();
      await second.close();
      expect(first.adminToken).toMatch(/^[\w-]{40,}$/);
      expect(second.adminToken).toBe(first.adminToken);
      expect(first.adminToken).not.toBe(server.adminToken);
      expect(statSync(join(temp.dir, 'admin-token')).mode & 0o777).toBe(0o600);
    } finally {
      temp.remove();
    }
  });
});

describe('GET /api/events', () => {
  const url = () => `${server.adminUrl.replace('http', 'ws')}/api/events`;

  function nextEvent(socket: WebSocket, type: string): Promise<BusEvent> {
    return new Promise((resolve) => {
      socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as BusEvent;
        if (event.type === type) resolve(event);
      });
    });
  }

  function opened(socket: WebSocket): Promise<void> {
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (req, res) => {
        // What a browser does with a refused upgrade: give up the connection.
        req.destroy();
        reject(new Error(`HTTP ${res.statusCode}`));
      });
    });
  }

  it('refuses a subscriber without the token', async () => {
    await expect(opened(new WebSocket(url()))).rejects.toThrow('HTTP 401');
    await expect(opened(new WebSocket(url().replace('/api/', '/%61pi/')))).rejects.toThrow('HTTP 401');
    await expect(opened(new WebSocket(url(), ['leads.v1', 'bearer.wrong']))).rejects.toThrow('HTTP 401');
  });

  it('refuses a subscriber from another origin, token or not', async () => {
    const socket = new WebSocket(url(), ['leads.v1', `bearer.${server.adminToken}`], { origin: 'https://evil.example' });
    await expect(opened(socket)).rejects.toThrow('HTTP 403');
  });

  it('delivers events to a subscriber using the header or the browser subprotocol', async () => {
    const byHeader = new WebSocket(url(), { headers: { authorization: `Bearer ${server.adminToken}` } });
    const byProtocol = new WebSocket(url(), ['leads.v1', `bearer.${server.adminToken}`]);
    await Promise.all([opened(byHeader), opened(byProtocol)]);
    expect(byProtocol.protocol).toBe('leads.v1');
    const events = Promise.all([nextEvent(byHeader, 'lead.created'), nextEvent(byProtocol, 'lead.created')]);
    const business = await server.admin('POST', '/api/businesses', { ...demoBusinessInput, twilioNumber: '+15125550190' });
    const lead = await server.admin('POST', '/api/leads', { businessId: business.body.id, callerName: 'Ana Ruiz' });
    const [a, b] = await events;
    for (const event of [a, b]) {
      expect(event).toMatchObject({ id: expect.any(String), type: 'lead.created', time: expect.any(String), data: { lead: { id: lead.body.id } } });
      expect(Date.parse(event.time)).not.toBeNaN();
    }
    byHeader.close();
    byProtocol.close();
  });

  it('replays what a reconnecting subscriber missed with ?since=', async () => {
    const first = server.services.bus.publish('health', { n: 1 });
    server.services.bus.publish('health', { n: 2 });
    server.services.bus.publish('health', { n: 3 });
    const socket = new WebSocket(`${url()}?since=${first.id}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    const received: unknown[] = [];
    await new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        received.push(JSON.parse(String(data)).data);
        if (received.length === 2) resolve();
      });
    });
    expect(received).toEqual([{ n: 2 }, { n: 3 }]);
    socket.close();
  });
});
