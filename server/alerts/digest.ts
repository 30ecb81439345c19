import type { Business } from '../businesses/service.js';
import type { Clock } from '../clock.js';
import type { Db } from '../store/database.js';
import { nextLocalHour } from './local-time.js';
import type { AlertStore } from './store.js';

/** The digest goes out at 18:00 on the business's own clock: the day's leads, before the evening. */
export const digestHour = 18;
const maxCarryOverMs = 48 * 3_600_000;

export interface Digests {
  /** Plans the business's next digest when it wants one and none is planned (covering leads from `since` on). */
  ensure(business: Business, since?: string): void;
  /** The leads a digest covers: created in [from, to). */
  leadIds(businessId: string, window: { from: string; to: string }): string[];
}

export function createDigests({ db, store, clock, canEmail }: { db: Db; store: AlertStore; clock: Clock; canEmail: boolean }): Digests {
  const leadsIn = db.prepare<[string, string, string], { id: string }>(
    'SELECT id FROM leads WHERE business_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id',
  );
  return {
    ensure(business, since) {
      if (!canEmail || !business.alerts.dailyDigest || !business.alerts.email) return;
      if (store.openDigest(business.id)) return;
      const now = clock.now();
      // The next digest starts where the last one ended, so no lead falls between two; after a long pause
      // (the digest was off), it starts now: those leads had an email each.
      const lastTo = store.lastDigest(business.id)?.payload.to;
      const from = lastTo && now - Date.parse(lastTo) < maxCarryOverMs ? lastTo : (since ?? new Date(now).toISOString());
      const due = new Date(nextLocalHour(Math.max(now, Date.parse(from)), business.timezone, digestHour)).toISOString();
      store.addSteps([
        { businessId: business.id, leadId: null, chainId: null, channel: 'email', target: business.ownerEmail, purpose: 'digest', round: 0, dueAt: due, payload: { from, to: due } },
      ]);
    },
    leadIds(businessId, window) {
      return leadsIn.all(businessId, window.from, window.to).map((row) => row.id);
    },
  };
}
