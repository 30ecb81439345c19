import { useCallback, useEffect, useState } from 'react';
import type { PageProps } from '../app';
import type { Business } from '../types';

interface Source {
  id: string;
  kind: string;
  title: string;
  source: string | null;
  status: string;
  error: string | null;
  chunks: number;
  embeddedChunks: number;
  updatedAt: string;
}

interface Mode {
  mode: 'hybrid' | 'keyword';
  message: string;
  chunks: number;
  embeddedChunks: number;
}

interface Hit {
  chunkId: number;
  text: string;
  heading: string | null;
  score: number;
  relevant: boolean;
  source: { title: string; kind: string };
}

interface Progress {
  id: string;
  status: string;
  done: number;
  total: number;
  failed: number;
  phase?: string | null;
}

/** The business's own material: what the agent answers from, with a box to try questions on it. */
export function KnowledgePage({ api, events }: PageProps) {
  const [businesses, setBusinesses] = useState<Business[]>([]);
  const [businessId, setBusinessId] = useState('');
  const [mode, setMode] = useState<Mode | undefined>();
  const [sources, setSources] = useState<Source[]>([]);
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const base = `/api/businesses/${businessId}/kb`;

  useEffect(() => {
    void api.get<Business[]>('/api/businesses').then((list) => {
      setBusinesses(list);
      setBusinessId((id) => id || list[0]?.id || '');
    });
  }, [api]);

  const load = useCallback(async () => {
    if (!businessId) return;
    setMode(await api.get<Mode>(base));
    setSources(await api.get<Source[]>(`${base}/sources`));
  }, [api, base, businessId]);
  useEffect(() => void load(), [load]);

  // Jobs report progress on the event stream; the list refreshes when one finishes.
  const progress = [...events].reverse().find((e) => e.type === 'kb.progress' && (e.data as { businessId?: string }).businessId === businessId)?.data as
    | Progress
    | undefined;
  useEffect(() => {
    if (progress && progress.status !== 'running' && progress.status !== 'queued') void load();
  }, [progress?.status, progress?.id, load]);

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      setMessage({ error: false, text: done });
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
    await load();
  };

  return (
    <section>
      <h1>Knowledge base</h1>
      <label>
        Business{' '}
        <select value={businessId} onChange={(e) => setBusinessId(e.target.value)} aria-label="Business">
          {businesses.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </label>
      {mode && (
        <p className="muted" data-testid="kb-mode">
          Search mode: <b>{mode.mode}</b>. {mode.message} {mode.chunks} passages, {mode.embeddedChunks} with embeddings.
        </p>
      )}
      {progress && (progress.status === 'running' || progress.status === 'queued') && (
        <p role="status">
          Reading… {progress.done} of {progress.total}
          {progress.phase ? ` (${progress.phase})` : ''}{' '}
          <button onClick={() => void run(() => api.send('POST', `${base}/jobs/${progress.id}/cancel`), 'Cancelled.')}>Cancel</button>
        </p>
      )}
      {message && <p className={message.error ? 'error' : 'ok'}>{message.text}</p>}
      <div className="split">
        <div className="stack">
          <table className="leads">
            <thead>
              <tr>
                <th>Source</th>
                <th>Kind</th>
                <th>Passages</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.id}>
                  <td>{s.title}</td>
                  <td>{s.kind}</td>
                  <td>{s.chunks}</td>
                  <td>
                    {s.status}
                    {s.error ? `: ${s.error}` : ''}
                  </td>
                  <td>
                    <button onClick={() => void run(() => api.send('DELETE', `${base}/sources/${s.id}`), `Removed ${s.title}.`)} aria-label={`Delete ${s.title}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <SearchBox api={api} base={base} />
        </div>
        <AddSource api={api} base={base} onAdded={(text) => void run(async () => undefined, text)} />
      </div>
    </section>
  );
}

function SearchBox({ api, base }: { api: PageProps['api']; base: string }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | undefined>();
  return (
    <form
      className="card"
      aria-label="Try a question"
      onSubmit={(e) => {
        e.preventDefault();
        void api.get<{ hits: Hit[] }>(`${base}/search?q=${encodeURIComponent(q)}&k=5`).then((r) => setHits(r.hits));
      }}
    >
      <h2>Try a question</h2>
      <div className="inline">
        <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Do you service Round Rock?" aria-label="Question" required />
        <button type="submit">Search</button>
      </div>
      {hits && hits.length === 0 && <p className="muted">No answer in the material: the agent will say it does not know.</p>}
      <ol>
        {hits?.map((h) => (
          <li key={h.chunkId}>
            <small>
              {h.source.title}
              {h.heading ? ` › ${h.heading}` : ''} · score {h.score.toFixed(3)}
            </small>
            <p>{h.text}</p>
          </li>
        ))}
      </ol>
    </form>
  );
}

function AddSource({ api, base, onAdded }: { api: PageProps['api']; base: string; onAdded(text: string): void }) {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | undefined>();
  const attempt = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      setError(undefined);
      onAdded(done);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="card form">
      <h2>Add material</h2>
      <form
        className="form"
        aria-label="Add text"
        onSubmit={(e) => {
          e.preventDefault();
          void attempt(() => api.send('POST', `${base}/sources/text`, { title, text }), `Added ${title}.`).then(() => (setTitle(''), setText('')));
        }}
      >
        <label>
          Title <input value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <label>
          Text (prices, hours, service area, policies…)
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={6} required />
        </label>
        <button type="submit">Add text</button>
      </form>
      <form
        className="inline"
        aria-label="Import a website"
        onSubmit={(e) => {
          e.preventDefault();
          void attempt(() => api.send('POST', `${base}/sources/website`, { url, maxPages: 25 }), `Importing ${url}…`);
        }}
      >
        <label>
          Website <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://www.example.com" required />
        </label>
        <button type="submit">Import</button>
      </form>
      <form
        className="inline"
        aria-label="Upload files"
        onSubmit={(e) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem('files') as HTMLInputElement;
          const form = new FormData();
          for (const file of Array.from(input.files ?? [])) form.append('file', file, file.name);
          void attempt(() => api.upload(`${base}/sources/upload`, form), 'Reading the files…').then(() => (input.value = ''));
        }}
      >
        <label>
          Files (.pdf, .docx, .txt, .md, .html) <input name="files" type="file" multiple accept=".pdf,.docx,.txt,.md,.html,.htm" required />
        </label>
        <button type="submit">Upload</button>
      </form>
      {error && <p className="error">{error}</p>}
    </div>
  );
}
