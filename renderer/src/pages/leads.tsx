import { useCallback, useEffect, useState } from 'react';
import type { PageProps } from '../app';
import type { Business, Lead, LeadDetail, LeadStatus, Priority } from '../types';

const priorities: Priority[] = ['URGENT', 'HIGH', 'NORMAL', 'LOW'];
const statuses: LeadStatus[] = ['new', 'contacted', 'won', 'lost'];

export function LeadsPage({ api, events }: PageProps) {
  const [businesses, setBusinesses] = useState<Business[]>([]);
  const [filter, setFilter] = useState({ businessId: '', priority: '', status: '', channel: '', q: '', from: '', to: '' });
  const [leads, setLeads] = useState<{ items: Lead[]; total: number }>({ items: [], total: 0 });
  const [selected, setSelected] = useState<LeadDetail | undefined>();
  const [error, setError] = useState<string | undefined>();

  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as Array<[string, string]>).toString();
  const load = useCallback(() => {
    api.get<{ items: Lead[]; total: number }>(`/api/leads?${query}`).then(setLeads, (e: Error) => setError(e.message));
  }, [api, query]);

  useEffect(() => void api.get<Business[]>('/api/businesses').then(setBusinesses), [api]);
  useEffect(load, [load]);
  // New and changed leads show up without a refresh.
  const lastLeadEvent = [...events].reverse().find((e) => e.type.startsWith('lead.'))?.id;
  useEffect(() => {
    if (!lastLeadEvent) return;
    load();
    if (selected) void api.get<LeadDetail>(`/api/leads/${selected.id}`).then(setSelected);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastLeadEvent]);

  const set = (key: keyof typeof filter) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setFilter((f) => ({ ...f, [key]: e.target.value }));

  return (
    <section>
      <h1>Leads</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter leads">
        <select value={filter.businessId} onChange={set('businessId')} aria-label="Business">
          <option value="">All businesses</option>
          {businesses.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <select value={filter.priority} onChange={set('priority')} aria-label="Priority">
          <option value="">Any priority</option>
          {priorities.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <select value={filter.status} onChange={set('status')} aria-label="Status">
          <option value="">Any status</option>
          {statuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select value={filter.channel} onChange={set('channel')} aria-label="Channel">
          <option value="">Any channel</option>
          <option>voice</option>
          <option>chat</option>
          <option>manual</option>
        </select>
        <input type="date" value={filter.from} onChange={set('from')} aria-label="From" />
        <input type="date" value={filter.to} onChange={set('to')} aria-label="To" />
        <input type="search" placeholder="Search name, phone, address…" value={filter.q} onChange={set('q')} aria-label="Search" />
        <button type="button" onClick={() => void api.download(`/api/leads/export.csv?${query}`, 'leads.csv').catch((e: Error) => setError(e.message))}>
          Export CSV
        </button>
      </form>
      {error && <p className="error">{error}</p>}
      <p className="muted">{leads.total} leads</p>
      <div className="split">
        <table className="leads">
          <thead>
            <tr>
              <th>When</th>
              <th>Priority</th>
              <th>Caller</th>
              <th>Channel</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {leads.items.map((lead) => (
              <tr
                key={lead.id}
                className={`${lead.emergency ? 'emergency' : ''} ${selected?.id === lead.id ? 'selected' : ''}`}
                onClick={() => void api.get<LeadDetail>(`/api/leads/${lead.id}`).then(setSelected)}
              >
                <td>{new Date(lead.createdAt).toLocaleString()}</td>
                <td>
                  <span className={`pill ${lead.priority.toLowerCase()}`}>{lead.priority}</span>
                </td>
                <td>{lead.callerName ?? lead.callerPhone ?? lead.callerEmail ?? '—'}</td>
                <td>{lead.missed ? `${lead.channel} (missed)` : lead.channel}</td>
                <td>{lead.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {selected && <LeadPanel lead={selected} api={api} onChange={setSelected} />}
      </div>
    </section>
  );
}

/** Every notification step of the lead's alert chain, each with its attempts; acknowledge stops the chain. */
function LeadAlerts({ lead, api, onChange }: { lead: LeadDetail; api: PageProps['api']; onChange(lead: LeadDetail): void }) {
  const [error, setError] = useState<string | undefined>();
  const open = lead.alerts.find((a) => a.chainId && (a.status === 'planned' || a.status === 'sending') && a.purpose !== 'lead');
  const acknowledge = async () => {
    try {
      await api.send('POST', `/api/alerts/${open!.chainId}/acknowledge`);
      onChange(await api.get<LeadDetail>(`/api/leads/${lead.id}`));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <>
      <h3>Alerts</h3>
      {open && (
        <button type="submit" onClick={() => void acknowledge()}>
          Acknowledge: I am on it
        </button>
      )}
      {error && <p className="error">{error}</p>}
      <ul className="alerts">
        {lead.alerts.map((a) => (
          <li key={a.id}>
            <b>{a.channel}</b> → {a.target ?? 'console'}: {a.status}
            {a.delivery ? `, ${a.delivery}` : ''} <small>({a.purpose}, round {a.round})</small>
            {a.attemptLog.length > 0 && (
              <ul>
                {a.attemptLog.map((t) => (
                  <li key={t.attempt}>
                    <small>
                      try {t.attempt} at {new Date(t.startedAt).toLocaleTimeString()}: {t.outcome}
                      {t.error ? ` (${t.error})` : ''}
                    </small>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function LeadPanel({ lead, api, onChange }: { lead: LeadDetail; api: PageProps['api']; onChange(lead: LeadDetail): void }) {
  const update = async (patch: { status?: LeadStatus; priority?: Priority }) => {
    await api.send('PATCH', `/api/leads/${lead.id}`, patch);
    onChange(await api.get<LeadDetail>(`/api/leads/${lead.id}`));
  };
  return (
    <aside className="card detail" aria-label="Lead detail">
      <h2>{lead.callerName ?? lead.callerPhone ?? 'Lead'}</h2>
      {lead.emergency && <p className="banner emergency">Emergency: {lead.emergencyNotes}</p>}
      <dl>
        <dt>Phone</dt>
        <dd>{lead.callerPhone ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{lead.callerEmail ?? '—'}</dd>
        <dt>Address</dt>
        <dd>{lead.address ?? '—'}</dd>
        <dt>Priority</dt>
        <dd>
          <select value={lead.priority} onChange={(e) => void update({ priority: e.target.value as Priority })} aria-label="Set priority">
            {priorities.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
          {lead.prioritySetBy === 'owner' ? ' (set by you)' : lead.priorityReasons.length ? ` (${lead.priorityReasons.join(', ')})` : ''}
        </dd>
        <dt>Status</dt>
        <dd>
          <select value={lead.status} onChange={(e) => void update({ status: e.target.value as LeadStatus })} aria-label="Set status">
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </dd>
      </dl>
      {lead.summary && <p>{lead.summary}</p>}
      <h3>Answers</h3>
      <ul>
        {lead.answers.map((a) => (
          <li key={a.field}>
            <b>{a.question ?? a.field}</b>: {a.value}
          </li>
        ))}
      </ul>
      <h3>Conversation</h3>
      <ol className="turns">
        {lead.turns.map((t) => (
          <li key={t.id} className={t.role}>
            <b>{t.role}</b> {t.text}
          </li>
        ))}
      </ol>
      {lead.alerts.length > 0 && <LeadAlerts lead={lead} api={api} onChange={onChange} />}
    </aside>
  );
}
