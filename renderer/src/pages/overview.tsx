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
