import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-kit/server-harness.js';
import { ensureWidgetBuilt } from '../test-kit/widget-build.js';

// Issue 9's budget for the one script a business puts on its site (bench:widget prints the same figure).
const budgetGzippedBytes = 15 * 1024;

let server: TestServer;
beforeAll(async () => {
  await ensureWidgetBuilt();
  server = await startTestServer();
});
afterAll(() => server.stop());

/** The response body as sent on the wire (fetch would unzip it). */
function download(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('the widget bundle', () => {
  it('is served gzipped within the 15 KB budget, and is the freshly built bundle', async () => {
    const { file, bytes } = await ensureWidgetBuilt();
    const served = await download(`${server.publicUrl}/widget.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(served.headers['content-encoding']).toBe('gzip');
    expect(served.body.length).toBeLessThanOrEqual(budgetGzippedBytes);
    const unzipped = gunzipSync(served.body);
    expect(unzipped.length).toBe(bytes);
    expect(unzipped.equals(readFileSync(file))).toBe(true);
  });
});
