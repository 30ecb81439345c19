import { useState } from 'react';
import type { Api, ConsoleEvent } from '../api';
import type { Lead } from '../types';

/** The newest emergency not yet dismissed or acknowledged, across the top of every page. */
export function EmergencyBanner({ events, api, onOpen }: { events: ConsoleEvent[]; api: Api; onOpen(): void }) {
  const [dismissed, setDismissed] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const latest = [...events].reverse().find((event) => event.type === 'alert.raised' || event.type === 'alert.escalated' || isNewEmergency(event));
  if (!latest || latest.id === dismissed) return null;
  const data = latest.data as { lead?: Lead; reason?: string; chainId?: string; businessName?: string };
  const acknowledged = data.chainId && events.some((e) => e.type === 'alert.acknowledged' && (e.data as { chainId?: string }).chainId === data.chainId);
  if (acknowledged) return null;
  const acknowledge = async () => {
    try {
      await api.send('POST', `/api/alerts/${data.chainId}/acknowledge`);
      setDismissed(latest.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="banner emergency" role="alert">
      <strong>{latest.type === 'alert.escalated' ? 'Emergency, not yet acknowledged' : 'Emergency'}</strong>
      <span>{[data.businessName, data.reason ?? data.lead?.emergencyNotes, data.lead?.address, data.lead?.callerPhone].filter(Boolean).join(' · ')}</span>
      <button onClick={onOpen}>Open leads</button>
      {data.chainId && <button onClick={() => void acknowledge()}>Acknowledge</button>}
      {error && <span>{error}</span>}
      <button className="quiet" onClick={() => setDismissed(latest.id)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

function isNewEmergency(event: ConsoleEvent): boolean {
  if (event.type !== 'lead.updated') return false;
  const data = event.data as { lead?: Lead; previousPriority?: string };
  return data.lead?.priority === 'URGENT' && data.previousPriority !== 'URGENT';
}
