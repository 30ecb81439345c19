import { useEffect, useState } from 'react';
import type { PageProps } from '../app';
import type { Health } from '../types';

export function OverviewPage({ api, events }: PageProps) {
  const [health, setHealth] = useState<Health | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const load = () =>
      api.get<Health>('/api/health').then(
        (h) => {
          setHealth(h);
          setError(undefined);
        },
        (e: Error) => setError(e.message),
      );
    void load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [api]);

  return (
    <section>
      <h1>Overview</h1>
      {error && <p className="error">Cannot read health: {error}</p>}
      {health && (
        <div className="grid">
          <div className={`card status ${health.status}`} data-testid="health-status">
            <h2>System</h2>
            <p className="big">{health.status}</p>
            <p>
              Heap {health.memory.heapUsed} / {health.memory.heapTotal} MB ({health.memory.heapUsedPercent}%)
            </p>
          </div>
          <div className="card">
            <h2>Live conversations</h2>
            <p className="big">{health.sessions.totalActiveSessions}</p>
            <p>
              {health.sessions.activeVoiceSessions} calls · average {health.sessions.averageSessionDuration} s
            </p>
          </div>
          <div className="card">
            <h2>Components</h2>
            <ul className="components">
              {Object.entries(health.components).map(([name, c]) => (
                <li key={name}>
                  <span>{name}</span> <span className={`pill ${c.status}`}>{c.status.replace('_', ' ')}</span>
                  {c.latencyMs !== null && <small> {c.latencyMs} ms</small>}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <LiveConversations events={events} />
      <h2>Live activity</h2>
      <ol className="feed" aria-live="polite">
        {[...events]
          .reverse()
          .filter((e) => e.type !== 'health')
          .slice(0, 30)
          .map((event) => (
            <li key={event.id}>
              <time>{new Date(event.time).toLocaleTimeString()}</time> <code>{event.type}</code> {describe(event.data)}
            </li>
          ))}
      </ol>
    </section>
  );
}

function describe(data: unknown): string {
  const lead = (data as { lead?: { callerName?: string | null; callerPhone?: string | null; priority?: string } }).lead;
  if (lead) return [lead.callerName, lead.callerPhone, lead.priority].filter(Boolean).join(' · ');
  return '';
}

interface Conversation {
  id: string;
  kind: 'call' | 'chat';
  who: string;
  startedAt: string;
  lastLine?: string;
}

/** Calls and chats going on now, from the event stream: started and not yet ended, with the latest line said. */
function LiveConversations({ events }: { events: PageProps['events'] }) {
  const live = new Map<string, Conversation>();
  for (const event of events) {
    const data = event.data as { callSid?: string; chatId?: string; from?: string; origin?: string; role?: string; text?: string };
    const id = data.callSid ?? data.chatId;
    if (!id) continue;
    if (event.type === 'call.started' || event.type === 'chat.started') {
      live.set(id, { id, kind: event.type === 'call.started' ? 'call' : 'chat', who: data.from ?? data.origin ?? 'visitor', startedAt: event.time });
    } else if (event.type === 'call.ended' || event.type === 'chat.ended') {
      live.delete(id);
    } else if ((event.type === 'call.turn' || event.type === 'chat.turn') && live.has(id) && data.text) {
      live.get(id)!.lastLine = `${data.role === 'customer' ? 'Customer' : 'Agent'}: ${data.text}`;
    }
  }
  const now = [...live.values()];
  return (
    <>
      <h2>Live conversations</h2>
      {now.length === 0 ? (
        <p className="muted">No call or chat right now.</p>
      ) : (
        <ul className="feed" aria-live="polite" data-testid="live-conversations">
          {now.map((c) => (
            <li key={c.id}>
              <b>{c.kind === 'call' ? 'Call' : 'Chat'}</b> {c.who} <time>since {new Date(c.startedAt).toLocaleTimeString()}</time>
              {c.lastLine && <div>{c.lastLine}</div>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
