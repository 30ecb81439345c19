import { useState } from 'react';
import type { ConsoleEvent } from '../api';
import type { Lead } from '../types';

/** The newest emergency not yet dismissed, across the top of every page. */
export function EmergencyBanner({ events, onOpen }: { events: ConsoleEvent[]; onOpen(): void }) {
  const [dismissed, setDismissed] = useState<string | undefined>();
  const latest = [...events].reverse().find((event) => event.type === 'alert.raised' || isNewEmergency(event));
  if (!latest || latest.id === dismissed) return null;
  const data = latest.data as { lead?: Lead; reason?: string };
  return (
    <div className="banner emergency" role="alert">
      <strong>Emergency</strong>
      <span>{[data.reason ?? data.lead?.emergencyNotes, data.lead?.address, data.lead?.callerPhone].filter(Boolean).join(' · ')}</span>
      <button onClick={onOpen}>Open leads</button>
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
