import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../log/logger.js';
import { createTunnel, type TunnelConnector } from './tunnel.js';

const log = createSilentLogger();
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

/** Records what would be asked of ngrok; ngrok itself cannot be reached from here. */
function connector(outcomes: Array<'ok' | 'fail'>) {
  const calls: Array<Parameters<TunnelConnector['forward']>[0]> = [];
  let closed = 0;
  const forward: TunnelConnector['forward'] = async (options) => {
    calls.push(options);
    if (outcomes.shift() === 'fail') throw new Error('authentication failed');
    return { url: () => `https://${options.domain ?? 'random'}`, close: async () => void closed++ };
  };
  return { calls, closed: () => closed, connect: async () => ({ forward }) };
}

describe('tunnel', () => {
  it('stays disabled without an authtoken', async () => {
    const fake = connector(['ok']);
    const tunnel = createTunnel({ port: () => 3210, authtoken: async () => undefined, domain: undefined, connector: fake.connect, log });
    tunnel.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(tunnel.status()).toEqual({ status: 'disabled' });
    expect(fake.calls).toEqual([]);
  });

  it('forwards only the public listener, to the configured domain', async () => {
    const fake = connector(['ok']);
    const tunnel = createTunnel({ port: () => 4321, authtoken: async () => 'tok', domain: 'acme.ngrok.app', connector: fake.connect, log });
    tunnel.start();
    await waitFor(() => tunnel.status().status === 'up');
    expect(fake.calls[0]).toMatchObject({ addr: '127.0.0.1:4321', authtoken: 'tok', domain: 'acme.ngrok.app', proto: 'http' });
    expect(tunnel.url()).toBe('https://acme.ngrok.app');
    await tunnel.close();
    expect(fake.closed()).toBe(1);
  });

  it.each([
    ['0.0.0.0', '127.0.0.1:4321'],
    ['::', '127.0.0.1:4321'],
    ['192.168.1.20', '192.168.1.20:4321'],
    ['fd00::20', '[fd00::20]:4321'],
  ])('forwards to where the public listener is bound (BIND_HOST %s)', async (host, addr) => {
    const fake = connector(['ok']);
    const tunnel = createTunnel({ port: () => 4321, host, authtoken: async () => 'tok', domain: undefined, connector: fake.connect, log });
    tunnel.start();
    await waitFor(() => tunnel.status().status === 'up');
    expect(fake.calls[0]?.addr).toBe(addr);
    await tunnel.close();
  });

  it('retries after a failure and reports it meanwhile', async () => {
    const fake = connector(['fail', 'ok']);
    const tunnel = createTunnel({ port: () => 1, authtoken: async () => 'tok', domain: undefined, connector: fake.connect, log, retryDelaysMs: [30] });
    tunnel.start();
    await waitFor(() => tunnel.status().status === 'down');
    expect(tunnel.status()).toEqual({ status: 'down', error: 'authentication failed' });
    await waitFor(() => tunnel.status().status === 'up');
    expect(fake.calls).toHaveLength(2);
    await tunnel.close();
  });
});
