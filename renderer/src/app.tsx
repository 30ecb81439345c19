import { useEffect, useMemo, useState } from 'react';
import { createApi, forgetToken, initialConnection, saveToken, type Api, type Connection, type ConsoleEvent } from './api';
import { EmergencyBanner } from './components/emergency-banner';
import { Login } from './components/login';
import { BusinessesPage } from './pages/businesses';
import { KnowledgePage } from './pages/knowledge';
import { LeadsPage } from './pages/leads';
import { OverviewPage } from './pages/overview';
import { SettingsPage } from './pages/settings';

export interface PageProps {
  api: Api;
  /** Every event from /api/events, newest last (bounded). */
  events: ConsoleEvent[];
}

/** The console's pages; a new feature adds one entry here. */
const pages: Array<{ id: string; title: string; Page: (props: PageProps) => React.JSX.Element }> = [
  { id: 'overview', title: 'Overview', Page: OverviewPage },
  { id: 'leads', title: 'Leads', Page: LeadsPage },
  { id: 'businesses', title: 'Businesses', Page: BusinessesPage },
  { id: 'knowledge', title: 'Knowledge', Page: KnowledgePage },
  { id: 'settings', title: 'Settings', Page: SettingsPage },
];

export function App() {
  const [connection, setConnection] = useState<Connection | undefined>(initialConnection);
  const api = useMemo(() => connection && createApi(connection), [connection]);
  const [events, setEvents] = useState<ConsoleEvent[]>([]);
  const [live, setLive] = useState(false);
  const [page, setPage] = useState(() => location.hash.slice(1) || 'overview');
  const [tokenRejected, setTokenRejected] = useState(false);

  useEffect(() => {
    const onHash = () => setPage(location.hash.slice(1) || 'overview');
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!api) return;
    // A wrong saved token shows the login form again rather than a console full of errors.
    api.get('/api/info').catch((error: { status?: number }) => {
      if (error.status === 401) {
        forgetToken();
        setTokenRejected(true);
        setConnection(undefined);
      }
    });
    return api.subscribe((event) => setEvents((list) => [...list.slice(-199), event]), setLive);
  }, [api]);

  if (!api) {
    return <Login rejected={tokenRejected} onToken={(token) => setConnection(saveToken(token))} />;
  }
  const current = pages.find((p) => p.id === page) ?? pages[0]!;
  return (
    <div className="shell">
      <header className="topbar">
        <strong className="brand">Leads Agent</strong>
        <nav>
          {pages.map((p) => (
            <a key={p.id} href={`#${p.id}`} aria-current={p.id === current.id ? 'page' : undefined}>
              {p.title}
            </a>
          ))}
        </nav>
        <span className={`live ${live ? 'on' : 'off'}`} title={live ? 'Receiving live events' : 'Reconnecting to live events'}>
          {live ? 'Live' : 'Offline'}
        </span>
      </header>
      <EmergencyBanner events={events} api={api} onOpen={() => (location.hash = "leads")} />
      <main>
        <current.Page api={api} events={events} />
      </main>
    </div>
  );
}
