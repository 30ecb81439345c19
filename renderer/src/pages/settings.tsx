import { useCallback, useEffect, useState } from 'react';
import type { PageProps } from '../app';

type SecretName = 'OPENAI_API_KEY' | 'TWILIO_AUTH_TOKEN' | 'NGROK_AUTHTOKEN' | 'SMTP_PASSWORD';
const labels: Record<SecretName, string> = {
  OPENAI_API_KEY: 'OpenAI API key',
  TWILIO_AUTH_TOKEN: 'Twilio auth token',
  NGROK_AUTHTOKEN: 'ngrok authtoken',
  SMTP_PASSWORD: 'SMTP password',
};

interface SecretsStatus {
  backend: 'keychain' | 'file';
  secrets: Record<SecretName, { set: boolean; source: 'env' | 'keychain' | 'file' | null }>;
}

/** Secrets can be set and removed here; their values are never shown, only whether each is set. */
export function SettingsPage({ api }: PageProps) {
  const [status, setStatus] = useState<SecretsStatus | undefined>();
  const [info, setInfo] = useState<{ publicUrl: string | null; dataDir: string } | undefined>();
  const [values, setValues] = useState<Partial<Record<SecretName, string>>>({});
  const [message, setMessage] = useState<string | undefined>();
  const load = useCallback(() => api.get<SecretsStatus>('/api/secrets').then(setStatus), [api]);
  useEffect(() => {
    void load();
    void api.get<{ publicUrl: string | null; dataDir: string }>('/api/info').then(setInfo);
  }, [api, load]);

  const save = async (name: SecretName) => {
    try {
      await api.send('PUT', `/api/secrets/${name}`, { value: values[name] ?? '' });
      setValues((v) => ({ ...v, [name]: '' }));
      setMessage(`${labels[name]} saved.`);
    } catch (error) {
      setMessage((error as Error).message);
    }
    await load();
  };

  return (
    <section>
      <h1>Settings</h1>
      {info && (
        <div className="card">
          <p>
            Public address: <code>{info.publicUrl ?? 'not set (PUBLIC_URL or an ngrok authtoken)'}</code>
          </p>
          <p>
            Data folder: <code>{info.dataDir}</code>
          </p>
        </div>
      )}
      {status && (
        <div className="card">
          <h2>Secrets</h2>
          <p className="muted">Stored in {status.backend === 'keychain' ? 'the system keychain' : 'a file in the data folder readable only by you'}.</p>
          {(Object.keys(labels) as SecretName[]).map((name) => (
            <form
              key={name}
              className="inline"
              onSubmit={(e) => {
                e.preventDefault();
                void save(name);
              }}
            >
              <label>
                {labels[name]}{' '}
                <small>{status.secrets[name].set ? `set (${status.secrets[name].source})` : 'not set'}</small>
                <input type="password" autoComplete="off" value={values[name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} />
              </label>
              <button type="submit" disabled={!values[name]}>
                Save
              </button>
              {status.secrets[name].source !== 'env' && status.secrets[name].set && (
                <button type="button" onClick={() => void api.send('DELETE', `/api/secrets/${name}`).then(load)}>
                  Remove
                </button>
              )}
            </form>
          ))}
          {message && <p role="status">{message}</p>}
        </div>
      )}
    </section>
  );
}
