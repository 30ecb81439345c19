import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../events/bus.js';
import { makeDocx, makePdf } from '../test-kit/document-fixtures.js';
import { startEmbeddingsStandIn, type EmbeddingsStandIn } from '../test-kit/embeddings-standin.js';
import { demoBusinessInput, startTestServer, type TestServer } from '../test-kit/server-harness.js';
import { tempDir } from '../test-kit/test-config.js';
import type { Job } from './jobs.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function server(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const s = await startTestServer(dataDir ? { ...env, LEADS_DATA_DIR: dataDir } : env);
  cleanup.push(() => s.stop());
  return s;
}

async function standIn(): Promise<EmbeddingsStandIn> {
  const s = await startEmbeddingsStandIn();
  cleanup.push(() => s.close());
  return s;
}

const hybridEnv = (s: EmbeddingsStandIn, extra: Record<string, string> = {}) => ({ OPENAI_BASE_URL: s.baseUrl, OPENAI_API_KEY: s.apiKey, ...extra });

async function business(s: TestServer, name = 'Acme Plumbing', twilioNumber = '+15125550111'): Promise<string> {
  const res = await s.admin('POST', '/api/businesses', { ...demoBusinessInput, name, twilioNumber });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Waits for the job to finish (and the background embedding to settle), then returns it as the API shows it. */
async function finished(s: TestServer, businessId: string, job: Job): Promise<Job> {
  await s.services.knowledge.idle();
  const res = await s.admin('GET', `/api/businesses/${businessId}/kb/jobs/${job.id}`);
  expect(res.status).toBe(200);
  return res.body as Job;
}

async function addText(s: TestServer, businessId: string, title: string, text: string): Promise<Job> {
  const res = await s.admin('POST', `/api/businesses/${businessId}/kb/sources/text`, { title, text });
  expect(res.status).toBe(202);
  return finished(s, businessId, res.body as Job);
}

function upload(s: TestServer, businessId: string, files: Array<{ name: string; data: Buffer | string; type?: string }>) {
  const form = new FormData();
  for (const file of files) form.append('file', new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.name);
  return fetch(`${s.adminUrl}/api/businesses/${businessId}/kb/sources/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.adminToken}` },
    body: form,
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
}

function counts(s: TestServer) {
  const db = s.services.db;
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const vectorTables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>)
    .map((r) => r.name)
    .filter((name) => /^kb_vectors_\d+$/.test(name));
  return {
    documents: n('SELECT count(*) AS n FROM kb_documents'),
    chunks: n('SELECT count(*) AS n FROM kb_chunks'),
    links: n('SELECT count(*) AS n FROM kb_chunk_sources'),
    // FTS5's own per-row table: an orphan index entry would show here.
    fts: n('SELECT count(*) AS n FROM kb_chunks_fts_docsize'),
    vectors: vectorTables.reduce((sum, table) => sum + n(`SELECT count(*) AS n FROM ${table}`), 0),
    vectorTables,
  };
}

const hoursText = `# Hours

Monday to Friday: 7 am to 7 pm. Saturday: 8 am to 4 pm. Sunday: 9 am to 3 pm.

# Service area

We serve Austin, Round Rock and Cedar Park. There is no trip charge inside the service area.`;

describe('knowledge base without embeddings (keyword mode)', () => {
  it('adds pasted text and Q&A pairs through jobs, reports progress, and answers from them', async () => {
    const s = await server();
    const id = await business(s);
    const events: BusEvent[] = [];
    cleanup.push(s.services.bus.subscribe((e) => e.type === 'kb.progress' && events.push(e)));

    const job = await addText(s, id, 'Hours and area', hoursText);
    expect(job).toMatchObject({ kind: 'text', status: 'done', total: 1, done: 1, failed: 0 });
    // The test config points OPENAI_BASE_URL at a closed loopback port: a local endpoint, tried without a key.
    expect(job.items[0]).toMatchObject({ status: 'done', chunks: 2, message: expect.stringMatching(/searchable by keywords.*embeddings: fetch failed/) });
    const statuses = events.filter((e) => (e.data as Job).id === job.id).map((e) => (e.data as Job).status);
    expect(statuses[0]).toBe('queued');
    expect(statuses).toContain('running');
    expect(statuses.at(-1)).toBe('done');

    const qa = await s.admin('POST', `/api/businesses/${id}/kb/sources/qa`, {
      title: 'FAQ',
      pairs: [
        { question: 'Do you take credit cards?', answer: 'Yes: Visa, Mastercard and Amex.' },
        { question: 'Are you licensed?', answer: 'Yes, Texas license RMPL-40123.' },
      ],
    });
    expect(qa.status).toBe(202);
    expect((await finished(s, id, qa.body as Job)).items[0]).toMatchObject({ status: 'done', chunks: 2 });

    const sources = await s.admin('GET', `/api/businesses/${id}/kb/sources`);
    expect(sources.body.map((x: any) => [x.title, x.kind, x.status, x.chunks, x.embeddedChunks])).toEqual([
      ['Hours and area', 'text', 'ready', 2, 0],
      ['FAQ', 'qa', 'ready', 2, 0],
    ]);

    const mode = await s.admin('GET', `/api/businesses/${id}/kb`);
    expect(mode.body).toMatchObject({ mode: 'keyword', reason: 'embeddings_unreachable', chunks: 4, embeddedChunks: 0, model: 'text-embedding-3-small' });

    const sunday = await s.services.knowledge.search(id, 'Are you open on Sunday?');
    expect(sunday.mode).toBe('keyword');
    expect(sunday.hits[0]).toMatchObject({ heading: 'Hours', source: { title: 'Hours and area', kind: 'text', position: 0 } });
    const cards = await s.services.knowledge.search(id, 'can I pay by credit card');
    expect(cards.hits[0]).toMatchObject({ heading: 'Do you take credit cards?', source: { title: 'FAQ', kind: 'qa' } });
    expect((await s.services.knowledge.search(id, 'Do you repair car engines?')).hits).toEqual([]);

    const detailed = await s.admin('GET', `/api/businesses/${id}/kb/search?q=${encodeURIComponent('do you serve Round Rock')}&k=3&all=true`);
    expect(detailed.status).toBe(200);
    expect(detailed.body.mode).toBe('keyword');
    expect(detailed.body.hits[0]).toMatchObject({ heading: 'Service area', relevant: true, vector: null, keyword: { rank: 1, coverage: 1 } });
  });

  it('refuses a second copy of the same text, and bad requests with clear 400s', async () => {
    const s = await server();
    const id = await business(s);
    await addText(s, id, 'Hours', hoursText);
    const again = await addText(s, id, 'Hours again', hoursText);
    expect(again.items[0]).toMatchObject({ status: 'skipped', message: 'already in the knowledge base as "Hours"' });
    expect(counts(s).documents).toBe(1);

    expect((await s.admin('POST', `/api/businesses/${id}/kb/sources/text`, { title: '', text: 'x' })).status).toBe(400);
    expect((await s.admin('POST', `/api/businesses/${id}/kb/sources/website`, { url: 'ftp://example.com' })).body.error.code).toBe('VALIDATION');
    expect((await s.admin('GET', `/api/businesses/${id}/kb/search?q=x&k=500`)).status).toBe(400);
    expect((await s.admin('GET', `/api/businesses/nope/kb/sources`)).status).toBe(404);
    expect((await s.admin('DELETE', `/api/businesses/${id}/kb/sources/nope`)).body.error.code).toBe('NOT_FOUND');
  });
});

describe('uploads', () => {
  it('imports several files in one request; a corrupt PDF fails alone, with its reason, and leaves nothing', async () => {
    const s = await server();
    const id = await business(s);
    const res = await upload(s, id, [
      { name: 'hours.txt', data: 'OFFICE HOURS\nMonday to Friday, 7 am to 7 pm.\n', type: 'text/plain' },
      { name: 'broken.pdf', data: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> trailer garbage'), type: 'application/pdf' },
      { name: 'prices.pdf', data: makePdf([[18, 720, 'Prices'], [11, 690, 'Drain cleaning costs $149.']]), type: 'application/pdf' },
      { name: 'emergency.docx', data: makeDocx([{ text: 'Emergencies', style: 'Heading1' }, { text: 'We answer burst pipe calls 24/7.' }]) },
      { name: 'faq.md', data: '# FAQ\n\nQ: Do you do septic?\nA: No.\n' },
      { name: 'about.html', data: '<html><head><title>About us</title></head><body><h1>About</h1><p>Family owned since 2009.</p></body></html>' },
    ]);
    expect(res.status).toBe(202);
    const job = await finished(s, id, res.body as Job);
    expect(job).toMatchObject({ kind: 'upload', status: 'done', total: 6, done: 5, failed: 1 });
    expect(job.items.map((i) => [i.name, i.status])).toEqual([
      ['hours.txt', 'done'],
      ['broken.pdf', 'failed'],
      ['prices.pdf', 'done'],
      ['emergency.docx', 'done'],
      ['faq.md', 'done'],
      ['about.html', 'done'],
    ]);
    expect(job.items[1]!.message).toMatch(/damaged or not a PDF/);

    const sources = (await s.admin('GET', `/api/businesses/${id}/kb/sources`)).body as any[];
    expect(sources.map((x) => [x.title, x.source, x.kind])).toEqual([
      ['hours', 'hours.txt', 'file'],
      ['prices', 'prices.pdf', 'file'],
      ['emergency', 'emergency.docx', 'file'],
      ['faq', 'faq.md', 'file'],
      ['about', 'about.html', 'file'],
    ]);
    const c = counts(s);
    expect(c.documents).toBe(5);
    expect((await s.services.knowledge.search(id, 'drain cleaning price')).hits[0]).toMatchObject({ heading: 'Prices', source: { title: 'prices' } });
    expect((await s.services.knowledge.search(id, 'burst pipe')).hits[0]).toMatchObject({ heading: 'Emergencies', source: { title: 'emergency' } });

    const detail = await s.admin('GET', `/api/businesses/${id}/kb/sources/${sources[1].id}`);
    expect(detail.body.chunks).toEqual([{ id: expect.any(Number), position: 0, heading: 'Prices', text: 'Drain cleaning costs $149.', embedded: false }]);
  });

  it('refuses unsupported, oversized and non-multipart uploads with a 400, storing nothing', async () => {
    const s = await server();
    const id = await business(s);
    const unsupported = await upload(s, id, [
      { name: 'ok.txt', data: 'fine text' },
      { name: 'photo.jpg', data: Buffer.from([0xff, 0xd8, 0xff]), type: 'image/jpeg' },
    ]);
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error).toMatchObject({ code: 'KB_UNSUPPORTED_FILE', message: expect.stringMatching(/photo\.jpg.*\.pdf/) });

    const big = await upload(s, id, [{ name: 'huge.txt', data: Buffer.alloc(20 * 1024 * 1024 + 10, 'a') }]);
    expect(big.status).toBe(400);
    expect(big.body.error).toMatchObject({ code: 'KB_FILE_TOO_LARGE', message: expect.stringContaining('20 MB') });

    const json = await s.admin('POST', `/api/businesses/${id}/kb/sources/upload`, { file: 'x' });
    expect(json.body.error).toMatchObject({ code: 'KB_BAD_UPLOAD', message: 'Send the files as multipart/form-data' });

    const none = await upload(s, id, []);
    expect(none.status).toBe(400);

    await s.services.knowledge.idle();
    expect(counts(s).documents).toBe(0);
    expect((await s.admin('GET', `/api/businesses/${id}/kb/jobs`)).body).toEqual([]);
  });
});

describe('admin API isolation between businesses', () => {
  it("refuses (404) to reach one business's sources and jobs through another business's path, and changes nothing", async () => {
    const embeddings = await standIn();
    const s = await server(hybridEnv(embeddings));
    const a = await business(s, 'Acme Plumbing', '+15125550111');
    const b = await business(s, 'Bravo Plumbing', '+15125550133');
    const bJob = await addText(s, b, 'Hours and area', hoursText);
    const bSource = bJob.items[0]!.sourceId!;
    const notFound = (res: { status: number; body: any }, what: string) => {
      expect(res.status, what).toBe(404);
      expect(res.body.error, what).toMatchObject({ code: 'NOT_FOUND' });
    };

    notFound(await s.admin('GET', `/api/businesses/${a}/kb/sources/${bSource}`), 'get source');
    notFound(await s.admin('DELETE', `/api/businesses/${a}/kb/sources/${bSource}`), 'delete source');
    notFound(await s.admin('POST', `/api/businesses/${a}/kb/sources/${bSource}/reindex`), 'reindex source');
    notFound(await s.admin('GET', `/api/businesses/${a}/kb/jobs/${bJob.id}`), 'get job');
    notFound(await s.admin('POST', `/api/businesses/${a}/kb/jobs/${bJob.id}/cancel`), 'cancel finished job');

    // A job still running for B cannot be cancelled through A's path either.
    embeddings.setDelay(300);
    const running = (await s.admin('POST', `/api/businesses/${b}/kb/sources/text`, { title: 'Prices', text: '# Prices\n\nDrain cleaning costs $149.' })).body as Job;
    notFound(await s.admin('POST', `/api/businesses/${a}/kb/jobs/${running.id}/cancel`), 'cancel running job');
    embeddings.setDelay(0);
    expect(await finished(s, b, running)).toMatchObject({ status: 'done' });

    expect((await s.admin('GET', `/api/businesses/${a}/kb/jobs`)).body).toEqual([]);
    expect((await s.admin('GET', `/api/businesses/${a}/kb/sources`)).body).toEqual([]);
    expect((await s.admin('GET', `/api/businesses/${b}/kb/sources/${bSource}`)).body.source).toMatchObject({ status: 'ready', chunks: 2 });
    expect((await s.admin('GET', `/api/businesses/${b}/kb/sources`)).body).toHaveLength(2);
  });
});

describe('knowledge base with embeddings (hybrid mode)', () => {
  it('embeds chunks into a vec0 table, searches in hybrid mode, and deletes a source without orphan rows', async () => {
    const embeddings = await standIn();
    const s = await server(hybridEnv(embeddings));
    const id = await business(s);
    const job = await addText(s, id, 'Hours and area', hoursText);
    expect(job.items[0]).toMatchObject({ status: 'done', chunks: 2, embedded: 2 });
    expect(job.items[0]!.message).toBeUndefined();
    expect(embeddings.requests.at(-1)).toEqual({ model: 'text-embedding-3-small', inputs: 2, authorized: true });

    const mode = (await s.admin('GET', `/api/businesses/${id}/kb`)).body;
    expect(mode).toMatchObject({ mode: 'hybrid', reason: 'ready', dimension: 1536, chunks: 2, embeddedChunks: 2, pendingEmbeddings: 0 });

    const result = await s.services.knowledge.searchDetailed(id, 'Which towns do you serve?', { k: 2 });
    expect(result.mode).toBe('hybrid');
    expect(result.hits[0]).toMatchObject({ heading: 'Service area', vector: { rank: 1, similarity: expect.any(Number) } });

    const other = await addText(s, id, 'Prices', '# Prices\n\nDrain cleaning costs $149.');
    const before = counts(s);
    expect(before).toMatchObject({ documents: 2, chunks: 3, links: 3, fts: 3, vectors: 3 });
    expect((await s.admin('DELETE', `/api/businesses/${id}/kb/sources/${other.items[0]!.sourceId}`)).status).toBe(204);
    expect(counts(s)).toMatchObject({ documents: 1, chunks: 2, links: 2, fts: 2, vectors: 2 });
    expect((await s.services.knowledge.search(id, 'drain cleaning cost')).hits).toEqual([]);

    // Deleting the business takes every row of its knowledge base with it, vectors included.
    expect((await s.admin('DELETE', `/api/businesses/${id}`)).status).toBe(204);
    expect(counts(s)).toMatchObject({ documents: 0, chunks: 0, links: 0, fts: 0, vectors: 0 });
  });

  it('keeps a chunk two sources share until the last of them is deleted', async () => {
    const embeddings = await standIn();
    const s = await server(hybridEnv(embeddings));
    const id = await business(s);
    const footer = '# Contact\n\nCall us at 512-555-0100, 24 hours a day.';
    const a = await addText(s, id, 'Page A', `# Drains\n\nWe clear drains.\n\n${footer}`);
    const b = await addText(s, id, 'Page B', `# Heaters\n\nWe install water heaters.\n\n${footer}`);
    expect(counts(s)).toMatchObject({ chunks: 3, links: 4, vectors: 3 });
    await s.admin('DELETE', `/api/businesses/${id}/kb/sources/${a.items[0]!.sourceId}`);
    expect(counts(s)).toMatchObject({ chunks: 2, links: 2, vectors: 2 });
    const hit = (await s.services.knowledge.search(id, 'contact call')).hits[0];
    expect(hit).toMatchObject({ heading: 'Contact', source: { documentId: b.items[0]!.sourceId, title: 'Page B', position: 1 } });
    // It is now found under its new source's title, and no longer under the deleted one's.
    const titles = s.services.db.prepare(`SELECT title_terms AS t FROM kb_chunks WHERE heading = 'Contact'`).get();
    expect(titles).toEqual({ t: 'page b' });
  });

  it('never returns another business’s chunks', async () => {
    const embeddings = await standIn();
    const s = await server(hybridEnv(embeddings));
    const acme = await business(s, 'Acme Plumbing', '+15125550111');
    const beta = await business(s, 'Beta Plumbing', '+15125550112');
    await addText(s, acme, 'Acme prices', '# Prices\n\nAcme drain cleaning costs $149.');
    await addText(s, beta, 'Beta prices', '# Prices\n\nBeta drain cleaning costs $99.');
    for (const [id, own] of [
      [acme, 'Acme prices'],
      [beta, 'Beta prices'],
    ] as const) {
      const result = await s.services.knowledge.searchDetailed(id, 'drain cleaning cost', { k: 10, includeWeak: true });
      expect(result.mode).toBe('hybrid');
      expect(result.hits.map((h) => h.source.title)).toEqual([own]);
    }
  });

  it('re-indexes a source: same chunks keep their vectors, changed chunking replaces them', async () => {
    const embeddings = await standIn();
    const s = await server(hybridEnv(embeddings));
    const id = await business(s);
    const job = await addText(s, id, 'Hours and area', hoursText);
    const sourceId = job.items[0]!.sourceId!;
    const requestsBefore = embeddings.requests.length;
    const res = await s.admin('POST', `/api/businesses/${id}/kb/sources/${sourceId}/reindex`);
    expect(res.status).toBe(202);
    const reindex = await finished(s, id, res.body as Job);
    expect(reindex).toMatchObject({ kind: 'reindex', status: 'done', items: [{ sourceId, status: 'done', chunks: 2 }] });
    expect(embeddings.requests.length).toBe(requestsBefore);
    expect(counts(s)).toMatchObject({ chunks: 2, links: 2, fts: 2, vectors: 2 });

    const all = await s.admin('POST', `/api/businesses/${id}/kb/reindex`);
    expect((await finished(s, id, all.body as Job)).status).toBe('done');
    expect((await s.admin('GET', `/api/businesses/${id}/kb/sources`)).body[0]).toMatchObject({ status: 'ready', chunks: 2, embeddedChunks: 2 });
  });

  it('falls back to keywords while the endpoint fails, and embeds what waited once it answers', async () => {
    const embeddings = await standIn();
    let now = Date.parse('2026-01-05T10:00:00Z');
    const s = await startTestServer(hybridEnv(embeddings), { clock: { now: () => now } });
    cleanup.push(() => s.stop());
    const id = await business(s);
    embeddings.failNext(1, 503);
    const job = await addText(s, id, 'Hours and area', hoursText);
    expect(job.items[0]).toMatchObject({ status: 'done', chunks: 2, embedded: 0, message: expect.stringMatching(/searchable by keywords.*HTTP 503/) });
    const down = (await s.admin('GET', `/api/businesses/${id}/kb`)).body;
    expect(down).toMatchObject({ mode: 'keyword', reason: 'embeddings_unreachable', embeddedChunks: 0, embeddings: { state: 'down' } });
    expect((await s.services.knowledge.search(id, 'open on Sunday?')).mode).toBe('keyword');

    // Past the retry time, the next job embeds its own chunks and the catch-up embeds the ones that waited.
    now += 60_000;
    await addText(s, id, 'Prices', '# Prices\n\nDrain cleaning costs $149.');
    const up = (await s.admin('GET', `/api/businesses/${id}/kb`)).body;
    expect(up).toMatchObject({ mode: 'hybrid', reason: 'ready', chunks: 3, embeddedChunks: 3, pendingEmbeddings: 0 });
  });

  it('uses a keyless local embeddings server (Ollama) without an API key, sending no Authorization', async () => {
    const embeddings = await startEmbeddingsStandIn({ keyless: true });
    cleanup.push(() => embeddings.close());
    const s = await server({ OPENAI_BASE_URL: embeddings.baseUrl });
    const id = await business(s);
    const job = await addText(s, id, 'Hours and area', hoursText);
    expect(job.items[0]).toMatchObject({ status: 'done', chunks: 2, embedded: 2 });
    expect((await s.admin('GET', `/api/businesses/${id}/kb`)).body).toMatchObject({ mode: 'hybrid', reason: 'ready', embeddedChunks: 2 });
    expect((await s.services.knowledge.search(id, 'Which towns do you serve?')).mode).toBe('hybrid');
    expect(embeddings.requests.length).toBeGreaterThan(0);
    expect(embeddings.requests.every((r) => !r.authorized)).toBe(true);
  });

  it('says keyword mode and why when the endpoint refuses the key', async () => {
    const embeddings = await standIn();
    const s = await server({ OPENAI_BASE_URL: embeddings.baseUrl, OPENAI_API_KEY: 'sk-wrong-key-123' });
    const id = await business(s);
    const job = await addText(s, id, 'Hours', hoursText);
    expect(job.items[0]!.message).toMatch(/HTTP 401: Incorrect API key provided/);
    expect((await s.admin('GET', `/api/businesses/${id}/kb`)).body).toMatchObject({ mode: 'keyword', reason: 'embeddings_rejected' });
  });

  it('re-embeds everything in the background when the embedding model changes, then drops the old vectors', async () => {
    const embeddings = await standIn();
    const data = tempDir();
    cleanup.push(data.remove);
    const first = await startTestServer({ ...hybridEnv(embeddings, { OPENAI_EMBEDDING_MODEL: 'standin-embed-256' }), LEADS_DATA_DIR: data.dir });
    const id = await business(first);
    await addText(first, id, 'Hours and area', hoursText);
    expect((await first.admin('GET', `/api/businesses/${id}/kb`)).body).toMatchObject({ mode: 'hybrid', model: 'standin-embed-256', dimension: 256 });
    await first.stop();

    const second = await server(hybridEnv(embeddings, { OPENAI_EMBEDDING_MODEL: 'text-embedding-3-small' }), data.dir);
    await second.services.knowledge.idle();
    const mode = (await second.admin('GET', `/api/businesses/${id}/kb`)).body;
    expect(mode).toMatchObject({ mode: 'hybrid', model: 'text-embedding-3-small', dimension: 1536, embeddedChunks: 2, pendingEmbeddings: 0 });
    expect(embeddings.requests.at(-1)).toEqual({ model: 'text-embedding-3-small', inputs: 2, authorized: true });
    const spaces = second.services.db.prepare('SELECT model, dimension FROM kb_vector_spaces').all();
    expect(spaces).toEqual([{ model: 'text-embedding-3-small', dimension: 1536 }]);
    expect(counts(second)).toMatchObject({ vectors: 2, vectorTables: [expect.stringMatching(/^kb_vectors_\d+$/)] });
  });

  it('cancels a queued job and a running one; the running one leaves nothing half-embedded', async () => {
    const embeddings = await standIn();
    const s = await server(hybridEnv(embeddings));
    const id = await business(s);
    embeddings.setDelay(400);
    const embedding = new Promise<void>((resolve) => {
      const off = s.services.bus.subscribe((e) => {
        const job = e.data as Job;
        if (e.type === 'kb.progress' && job.kind === 'text' && job.items[0]?.name === 'Hours' && job.phase === 'embedding') {
          off();
          resolve();
        }
      });
    });
    const running = (await s.admin('POST', `/api/businesses/${id}/kb/sources/text`, { title: 'Hours', text: hoursText })).body as Job;
    const queued = (await s.admin('POST', `/api/businesses/${id}/kb/sources/text`, { title: 'Other', text: 'Other text about water heaters.' })).body as Job;
    const cancelledQueued = await s.admin('POST', `/api/businesses/${id}/kb/jobs/${queued.id}/cancel`);
    expect(cancelledQueued.body).toMatchObject({ status: 'cancelled', items: [{ status: 'cancelled' }] });
    // Cancelled while its chunks are being embedded.
    await embedding;
    await s.admin('POST', `/api/businesses/${id}/kb/jobs/${running.id}/cancel`);
    embeddings.setDelay(0);
    const job = await finished(s, id, running);
    expect(job).toMatchObject({ status: 'cancelled', items: [{ status: 'cancelled' }] });
    expect(counts(s)).toMatchObject({ documents: 0, chunks: 0, links: 0, fts: 0, vectors: 0 });
    const list = (await s.admin('GET', `/api/businesses/${id}/kb/jobs`)).body as Job[];
    expect(list.map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('a re-index cancelled while embedding leaves its source ready and searchable, not stuck in processing', async () => {
    const embeddings = await standIn();
    const s = await server(hybridEnv(embeddings));
    const id = await business(s);
    const sourceId = (await addText(s, id, 'Hours and area', hoursText)).items[0]!.sourceId!;
    // Chunks not embedded in the current space (as after a model change), so the re-index has embedding to do.
    s.services.db.prepare('UPDATE kb_chunks SET vector_space = NULL').run();
    embeddings.setDelay(400);
    const embedding = new Promise<void>((resolve) => {
      const off = s.services.bus.subscribe((e) => {
        const job = e.data as Job;
        if (e.type === 'kb.progress' && job.kind === 'reindex' && job.phase === 'embedding') {
          off();
          resolve();
        }
      });
    });
    const reindex = (await s.admin('POST', `/api/businesses/${id}/kb/sources/${sourceId}/reindex`)).body as Job;
    await embedding;
    await s.admin('POST', `/api/businesses/${id}/kb/jobs/${reindex.id}/cancel`);
    embeddings.setDelay(0);
    expect(await finished(s, id, reindex)).toMatchObject({ status: 'cancelled' });
    expect((await s.admin('GET', `/api/businesses/${id}/kb/sources/${sourceId}`)).body.source).toMatchObject({ status: 'ready', chunks: 2 });
    expect((await s.services.knowledge.search(id, 'Are you open on Sunday?')).hits[0]).toMatchObject({ heading: 'Hours' });
  });

  it('a job cut short by a stop is shown as interrupted after the restart, and leaves no half-embedded source', async () => {
    const embeddings = await standIn();
    const data = tempDir();
    cleanup.push(data.remove);
    const first = await startTestServer({ ...hybridEnv(embeddings), LEADS_DATA_DIR: data.dir });
    const id = await business(first);
    embeddings.setDelay(300);
    const job = (await first.admin('POST', `/api/businesses/${id}/kb/sources/text`, { title: 'Hours', text: hoursText })).body as Job;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();
    embeddings.setDelay(0);

    const second = await server(hybridEnv(embeddings), data.dir);
    await second.services.knowledge.idle();
    const after = (await second.admin('GET', `/api/businesses/${id}/kb/jobs/${job.id}`)).body as Job;
    expect(after).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/server stopped/) });
    expect(counts(second).documents).toBe(0);
  });
});
