import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BusEvent } from '../events/bus.js';
import { rawRequest } from '../test-kit/http.js';
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

  it('keeps the admin token once generated', async () => {
    const again = await startTestServer();
    try {
      expect(again.adminToken).toMatch(/^[\w-]{40,}$/);
      expect(again.adminToken).not.toBe(server.adminToken);
    } finally {
      await again.stop();
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
    await expect(opened(new WebSocket(url(), ['leads.v1', 'bearer.wrong']))).rejects.toThrow('HTTP 401');
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
