import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';
import type { Db } from '../store/database.js';
import type { ExpireHook, Session } from './session-store.js';

interface CallRow {
  lead_id: string | null;
  status: string;
  started_at: string;
  ended_at: string | null;
}

/**
 * The `onExpire` hook the server gives its session store: before an idle session goes, the call or chat it
 * belongs to is marked ended in SQLite, so no lead is left looking like a conversation still under way.
 * A voice session's id is the call's CallSid; a chat session's id is the chat's id. Rows already ended (the
 * channel finished them itself) are left as they are, so running this twice changes nothing.
 */
export function createSessionFinaliser({ db, bus, log }: { db: Db; bus?: EventBus; log?: Logger }): ExpireHook {
  const callById = db.prepare('SELECT lead_id, status, started_at, ended_at FROM calls WHERE id = ?');
  // A call still in progress when its session expired was completed as far as anyone can tell: Twilio's
  // final status never reached us (relay gone, callback lost). Other statuses (busy, failed…) stay.
  const endCall = db.prepare(
    `UPDATE calls SET ended_at = @endedAt,
       status = CASE WHEN status = 'in-progress' THEN 'completed' ELSE status END,
       duration_seconds = CASE WHEN status = 'in-progress' THEN @duration ELSE duration_seconds END
     WHERE id = @id AND ended_at IS NULL`,
  );
  const endChat = db.prepare("UPDATE chats SET status = 'ended', ended_at = ? WHERE id = ? AND status = 'open'");
  const chatLead = db.prepare('SELECT lead_id FROM chats WHERE id = ?');

  /** The last sign of life is when the conversation really ended; the sweep only notices it later. */
  const endOf = (session: Session) => session.endedAt ?? session.updatedAt;

  const finaliseCall = db.transaction((session: Session) => {
    const row = callById.get(session.id) as CallRow | undefined;
    if (!row || row.ended_at) return undefined;
    const started = Date.parse(row.started_at);
    const endedAt = endOf(session);
    const duration = Math.max(0, Math.round((endedAt - (Number.isNaN(started) ? session.startedAt : started)) / 1000));
    endCall.run({ id: session.id, endedAt: new Date(endedAt).toISOString(), duration });
    const status = row.status === 'in-progress' ? 'completed' : row.status;
    return { leadId: row.lead_id, status, durationSeconds: row.status === 'in-progress' ? duration : null };
  });

  return (session) => {
    if (session.kind === 'voice') {
      const ended = finaliseCall(session);
      if (!ended) return;
      log?.info({ callSid: session.id, status: ended.status }, 'call finalised after its session expired');
      bus?.publish('call.ended', { callSid: session.id, leadId: ended.leadId, status: ended.status, durationSeconds: ended.durationSeconds, reason: 'expired' });
      return;
    }
    const changes = endChat.run(new Date(endOf(session)).toISOString(), session.id).changes;
    if (changes === 0) return;
    const row = chatLead.get(session.id) as { lead_id: string | null } | undefined;
    log?.info({ chatId: session.id }, 'chat finalised after its session expired');
    bus?.publish('chat.ended', { chatId: session.id, leadId: row?.lead_id ?? null, reason: 'expired' });
  };
}
