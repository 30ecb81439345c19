import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api';
import type { PageProps } from '../app';
import type { Business, Plan, Question } from '../types';

const industries = ['plumbing', 'hvac', 'electrical', 'roofing', 'locksmith', 'pest_control', 'restoration', 'med_spa', 'dental', 'legal', 'real_estate', 'auto_repair', 'other'];
const kinds: Question['kind'][] = ['text', 'phone', 'email', 'address', 'date', 'choice'];

export function BusinessesPage({ api }: PageProps) {
  const [businesses, setBusinesses] = useState<Business[]>([]);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const load = useCallback(() => api.get<Business[]>('/api/businesses').then(setBusinesses), [api]);
  useEffect(() => void load(), [load]);
  const selected = businesses.find((b) => b.id === selectedId);

  return (
    <section>
      <h1>Businesses</h1>
      <div className="split">
        <div>
          <ul className="list">
            {businesses.map((b) => (
              <li key={b.id}>
                <button className={b.id === selectedId ? 'selected' : ''} onClick={() => (setSelectedId(b.id), setCreating(false))}>
                  {b.name} <span className={`pill plan ${b.plan.toLowerCase()}`}>{b.plan}</span>
                </button>
              </li>
            ))}
          </ul>
          <button onClick={() => (setCreating(true), setSelectedId(undefined))}>Add a business</button>
        </div>
        {creating && (
          <BusinessForm
            api={api}
            onSaved={(b) => {
              setCreating(false);
              setSelectedId(b.id);
              void load();
            }}
          />
        )}
        {selected && (
          <div className="stack">
            <BusinessForm key={selected.id} api={api} business={selected} onSaved={() => void load()} />
            <QuestionsEditor key={`${selected.id}-${selected.plan}`} api={api} business={selected} />
            <AgentSettings key={`settings-${selected.id}-${selected.updatedAt}`} api={api} business={selected} onSaved={() => void load()} />
          </div>
        )}
      </div>
    </section>
  );
}

function BusinessForm({ api, business, onSaved }: { api: PageProps['api']; business?: Business; onSaved(b: Business): void }) {
  const [form, setForm] = useState({
    name: business?.name ?? '',
    industry: business?.industry ?? 'plumbing',
    plan: business?.plan ?? ('FREE' as Plan),
    twilioNumber: business?.twilioNumber ?? '',
    ownerPhone: business?.ownerPhone ?? '',
    ownerEmail: business?.ownerEmail ?? '',
    backupPhone: business?.backupPhone ?? '',
    timezone: business?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    greeting: business?.greeting ?? '',
    widgetOrigins: business?.widgetOrigins.join('\n') ?? '',
  });
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const body = {
      name: form.name,
      industry: form.industry,
      plan: form.plan,
      twilioNumber: form.twilioNumber || null,
      ownerPhone: form.ownerPhone,
      ownerEmail: form.ownerEmail,
      backupPhone: form.backupPhone || null,
      timezone: form.timezone,
      ...(form.greeting ? { greeting: form.greeting } : {}),
      widgetOrigins: form.widgetOrigins.split(/\s+/).filter(Boolean),
    };
    try {
      const saved = business ? await api.send<Business>('PATCH', `/api/businesses/${business.id}`, body) : await api.send<Business>('POST', '/api/businesses', body);
      setMessage({ error: false, text: 'Saved.' });
      onSaved(saved);
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
  };

  return (
    <form className="card form" onSubmit={save} aria-label={business ? 'Edit business' : 'New business'}>
      <h2>{business ? business.name : 'New business'}</h2>
      <label>
        Name <input value={form.name} onChange={set('name')} required />
      </label>
      <label>
        Industry
        <select value={form.industry} onChange={set('industry')}>
          {industries.map((i) => (
            <option key={i}>{i}</option>
          ))}
        </select>
      </label>
      <label>
        Plan
        <select value={form.plan} onChange={set('plan')}>
          <option>FREE</option>
          <option>BASIC</option>
          <option>PRO</option>
        </select>
      </label>
      {form.plan !== 'PRO' && <p className="upgrade">The voice agent, emergency calls to your phone and branding removal come with PRO.</p>}
      <label>
        Twilio number <input value={form.twilioNumber} onChange={set('twilioNumber')} placeholder="+15125550100" disabled={form.plan !== 'PRO'} />
      </label>
      <label>
        Owner mobile <input value={form.ownerPhone} onChange={set('ownerPhone')} placeholder="+15125550199" required />
      </label>
      <label>
        Owner email <input type="email" value={form.ownerEmail} onChange={set('ownerEmail')} required />
      </label>
      <label>
        Backup contact <input value={form.backupPhone} onChange={set('backupPhone')} placeholder="+15125550198" />
      </label>
      <label>
        Time zone <input value={form.timezone} onChange={set('timezone')} required />
      </label>
      <label>
        Greeting <textarea value={form.greeting} onChange={set('greeting')} rows={2} placeholder="Thanks for calling…" />
      </label>
      <label>
        Websites allowed to embed the chat widget (one per line)
        <textarea value={form.widgetOrigins} onChange={set('widgetOrigins')} rows={2} placeholder="https://www.example.com" />
      </label>
      <button type="submit">{business ? 'Save' : 'Create'}</button>
      {message && <p className={message.error ? 'error' : 'ok'}>{message.text}</p>}
    </form>
  );
}

function QuestionsEditor({ api, business }: { api: PageProps['api']; business: Business }) {
  const [questions, setQuestions] = useState<Question[]>([]);
  const [draft, setDraft] = useState({ text: '', kind: 'text' as Question['kind'], choices: '', isEssentialForEmergency: false });
  const [error, setError] = useState<{ code: string; text: string } | undefined>();
  const base = `/api/businesses/${business.id}/questions`;
  const load = useCallback(() => api.get<Question[]>(base).then(setQuestions), [api, base]);
  useEffect(() => void load(), [load]);

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
    } catch (e) {
      setError({ code: e instanceof ApiError ? e.code : 'ERROR', text: (e as Error).message });
    }
    await load();
  };
  const move = (index: number, by: number) => {
    const ids = questions.map((q) => q.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    void run(() => api.send('PUT', `${base}/order`, { ids }));
  };
  const limit = business.features.maxQuestions;

  return (
    <div className="card">
      <h2>Lead questions</h2>
      <p className="muted">
        Asked in this order. Questions marked essential are asked first in an emergency.
        {limit !== null && ` The ${business.plan} plan asks up to ${limit}.`}
      </p>
      <ol className="questions">
        {questions.map((q, i) => (
          <li key={q.id} className={q.active ? '' : 'paused'}>
            <span>
              {q.text} <small>({q.kind}{q.isEssentialForEmergency ? ', essential in an emergency' : ''})</small>
              {!q.active && <small className="upgrade"> paused: over the {business.plan} limit</small>}
            </span>
            <span className="actions">
              <button disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move "${q.text}" up`}>
                ↑
              </button>
              <button disabled={i === questions.length - 1} onClick={() => move(i, 1)} aria-label={`Move "${q.text}" down`}>
                ↓
              </button>
              <button onClick={() => void run(() => api.send('DELETE', `${base}/${q.id}`))} aria-label={`Delete "${q.text}"`}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ol>
      <form
        className="inline"
        aria-label="Add a question"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await api.send('POST', base, {
              text: draft.text,
              kind: draft.kind,
              isEssentialForEmergency: draft.isEssentialForEmergency,
              ...(draft.kind === 'choice' ? { choices: draft.choices.split(',').map((c) => c.trim()).filter(Boolean) } : {}),
            });
            setDraft({ text: '', kind: 'text', choices: '', isEssentialForEmergency: false });
          });
        }}
      >
        <input placeholder="Question to ask" value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} required aria-label="Question" />
        <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Question['kind'] })} aria-label="Answer kind">
          {kinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        {draft.kind === 'choice' && (
          <input placeholder="Choices, comma separated" value={draft.choices} onChange={(e) => setDraft({ ...draft, choices: e.target.value })} aria-label="Choices" />
        )}
        <label className="check">
          <input type="checkbox" checked={draft.isEssentialForEmergency} onChange={(e) => setDraft({ ...draft, isEssentialForEmergency: e.target.checked })} />
          Essential in an emergency
        </label>
        <button type="submit">Add</button>
      </form>
      {error?.code === 'PLAN_LIMIT' ? (
        <p className="upgrade" role="status">
          {error.text}. Upgrade the plan above to ask more.
        </p>
      ) : (
        error && <p className="error">{error.text}</p>
      )}
    </div>
  );
}

// The Realtime API's voices (the server refuses any other).
const voices = ['marin', 'cedar', 'alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse'] as const;

/** How the agent sounds and what it says (PRO), and how the chat widget looks on the website. */
function AgentSettings({ api, business, onSaved }: { api: PageProps['api']; business: Business; onSaved(): void }) {
  const pro = business.features.customVoiceMessages;
  const [voice, setVoice] = useState({ ...business.voice, messages: { ...business.voice.messages } });
  const [widget, setWidget] = useState({ ...business.widget });
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await api.send('PATCH', `/api/businesses/${business.id}`, { ...(pro ? { voice } : {}), widget });
      setMessage({ error: false, text: 'Saved.' });
      onSaved();
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    }
  };
  const setMessageText = (key: keyof typeof voice.messages) => (e: React.ChangeEvent<HTMLTextAreaElement>) =>
    setVoice((v) => ({ ...v, messages: { ...v.messages, [key]: e.target.value } }));
  return (
    <form className="card form" onSubmit={save} aria-label="Agent settings">
      <h2>Voice agent</h2>
      {!pro && <p className="upgrade">The voice agent, its voice and its custom messages come with PRO. Upgrade the plan above to answer calls.</p>}
      <fieldset disabled={!pro} className="form">
        <label>
          Voice
          <select value={voice.voice} onChange={(e) => setVoice({ ...voice, voice: e.target.value as (typeof voices)[number] })}>
            {voices.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Language <input value={voice.language} onChange={(e) => setVoice({ ...voice, language: e.target.value })} />
        </label>
        <label>
          Pause before the agent answers (ms)
          <input type="number" min={100} max={5000} value={voice.vad.silenceDurationMs} onChange={(e) => setVoice({ ...voice, vad: { ...voice.vad, silenceDurationMs: Number(e.target.value) } })} />
        </label>
        <label>
          When the details are complete <textarea rows={2} value={voice.messages.leadComplete} onChange={setMessageText('leadComplete')} />
        </label>
        <label>
          In an emergency <textarea rows={2} value={voice.messages.emergency} onChange={setMessageText('emergency')} />
        </label>
        <label>
          Goodbye <textarea rows={2} value={voice.messages.endCall} onChange={setMessageText('endCall')} />
        </label>
      </fieldset>
      <h2>Chat widget</h2>
      <label>
        Title <input value={widget.title} onChange={(e) => setWidget({ ...widget, title: e.target.value })} />
      </label>
      <label>
        Greeting <input value={widget.greeting} onChange={(e) => setWidget({ ...widget, greeting: e.target.value })} />
      </label>
      <label>
        Colour <input type="color" value={widget.color} onChange={(e) => setWidget({ ...widget, color: e.target.value })} />
      </label>
      <label>
        Position
        <select value={widget.position} onChange={(e) => setWidget({ ...widget, position: e.target.value as typeof widget.position })}>
          <option value="bottom-right">bottom right</option>
          <option value="bottom-left">bottom left</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={widget.hideBranding} disabled={!business.features.removeBranding} onChange={(e) => setWidget({ ...widget, hideBranding: e.target.checked })} />
        Hide "Powered by Leads Agent" {!business.features.removeBranding && <small className="upgrade">PRO</small>}
      </label>
      <button type="submit">Save settings</button>
      {message && <p className={message.error ? 'error' : 'ok'}>{message.text}</p>}
    </form>
  );
}
