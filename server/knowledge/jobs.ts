import { randomUUID } from 'node:crypto';
import { isoNow, type Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';
import type { Db } from '../store/database.js';

export type JobKind = 'text' | 'qa' | 'upload' | 'website' | 'reindex';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type ItemStatus = 'queued' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';

/** One file, page or source of a job. `message` says why it failed or was skipped, in the owner's words. */
export interface JobItem {
  name: string;
  status: ItemStatus;
  sourceId?: string;
  url?: string;
  chunks?: number;
  embedded?: number;
  message?: string;
}

/** The job resource of the admin API, and the data of every `kb.progress` event. */
export interface Job {
  id: string;
  businessId: string;
  kind: JobKind;
  status: JobStatus;
  /** What the running item is doing: fetching, reading, embedding. */
  phase: string | null;
  total: number;
  /** Items finished (done or skipped). */
  done: number;
  failed: number;
  items: JobItem[];
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface JobContext {
  job: Job;
  signal: AbortSignal;
  /** Persists the job and publishes `kb.progress`. */
  save(): void;
}

const finished: JobStatus[] = ['done', 'failed', 'cancelled', 'interrupted'];
export const isFinished = (job: Job) => finished.includes(job.status);

/**
 * Ingest jobs: kept in kb_jobs (so the console can show what happened after a restart), run one at a time
 * in order (one SQLite writer, two cores: parallel ingest would only compete with live calls), each with an
 * AbortController for cancel. Every change is saved and published as `kb.progress`.
 */
export function createJobQueue({ db, bus, clock, log }: { db: Db; bus: EventBus; clock: Clock; log: Logger }) {
  const insert = db.prepare(
    `INSERT INTO kb_jobs (id, business_id, kind, status, phase, total, done, failed, items, error, created_at, updated_at, finished_at)
     VALUES (@id, @businessId, @kind, @status, @phase, @total, @done, @failed, @items, @error, @createdAt, @updatedAt, @finishedAt)`,
  );
  const update = db.prepare(
    `UPDATE kb_jobs SET status = @status, phase = @phase, total = @total, done = @done, failed = @failed, items = @items,
       error = @error, updated_at = @updatedAt, finished_at = @finishedAt WHERE id = @id`,
  );
  const columns = `id, business_id AS businessId, kind, status, phase, total, done, failed, items, error,
    created_at AS createdAt, updated_at AS updatedAt, finished_at AS finishedAt`;
  const selectOne = db.prepare(`SELECT ${columns} FROM kb_jobs WHERE business_id = ? AND id = ?`);
  const selectMany = db.prepare(`SELECT ${columns} FROM kb_jobs WHERE business_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`);

  const live = new Map<string, { job: Job; controller: AbortController }>();
  const pending: Array<{ job: Job; run: (context: JobContext) => Promise<void> }> = [];
  let running: Promise<void> | undefined;
  let idleWaiters: Array<() => void> = [];
  let stopping = false;

  const row = (job: Job) => ({ ...job, items: JSON.stringify(job.items) });
  const fromRow = (r: Job & { items: string }): Job => ({ ...r, items: JSON.parse(r.items) as JobItem[] });

  function save(job: Job): void {
    const counts = { done: 0, failed: 0 };
    for (const item of job.items) {
      if (item.status === 'done' || item.status === 'skipped') counts.done++;
      if (item.status === 'failed') counts.failed++;
    }
    job.done = counts.done;
    job.failed = counts.failed;
    job.total = Math.max(job.total, job.items.length);
    job.updatedAt = isoNow(clock);
    update.run(row(job));
    bus.publish('kb.progress', structuredClone(job));
  }

  async function drain(): Promise<void> {
    for (let next = pending.shift(); next; next = pending.shift()) {
      const { job, run } = next;
      const entry = live.get(job.id);
      if (!entry || job.status !== 'queued') continue;
      job.status = 'running';
      save(job);
      try {
        await run({ job, signal: entry.controller.signal, save: () => save(job) });
        if (entry.controller.signal.aborted) markCancelled(job);
        else job.status = job.items.length > 0 && job.items.every((i) => i.status === 'failed') ? 'failed' : 'done';
      } catch (error) {
        if (entry.controller.signal.aborted) {
          markCancelled(job);
        } else {
          job.status = 'failed';
          job.error = (error as Error).message;
          log.warn({ jobId: job.id, err: error }, 'knowledge job failed');
        }
      }
      job.phase = null;
      job.finishedAt = isoNow(clock);
      save(job);
      live.delete(job.id);
    }
    running = undefined;
    idleWaiters.forEach((resolve) => resolve());
    idleWaiters = [];
  }

  function markCancelled(job: Job): void {
    job.status = stopping ? 'interrupted' : 'cancelled';
    if (stopping) job.error = 'the server stopped before this job finished; start it again';
    for (const item of job.items) if (item.status === 'queued' || item.status === 'running') item.status = 'cancelled';
  }

  return {
    /** Records a job and queues it; returns the job as first saved. */
    enqueue(businessId: string, kind: JobKind, items: JobItem[], run: (context: JobContext) => Promise<void>): Job {
      const now = isoNow(clock);
      const job: Job = {
        id: randomUUID(),
        businessId,
        kind,
        status: 'queued',
        phase: null,
        total: items.length,
        done: 0,
        failed: 0,
        items,
        error: null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      };
      insert.run(row(job));
      bus.publish('kb.progress', structuredClone(job));
      live.set(job.id, { job, controller: new AbortController() });
      pending.push({ job, run });
      running ??= drain();
      return structuredClone(job);
    },

    get(businessId: string, id: string): Job | undefined {
      const current = live.get(id)?.job;
      if (current && current.businessId === businessId) return structuredClone(current);
      const found = selectOne.get(businessId, id) as (Job & { items: string }) | undefined;
      return found ? fromRow(found) : undefined;
    },

    list(businessId: string, limit = 50): Job[] {
      return (selectMany.all(businessId, limit) as Array<Job & { items: string }>).map((r) => live.get(r.id)?.job ?? fromRow(r)).map((j) => structuredClone(j));
    },

    /** Stops a queued or running job; a finished one is returned as it is. */
    cancel(businessId: string, id: string): Job | undefined {
      const entry = live.get(id);
      if (!entry || entry.job.businessId !== businessId) return this.get(businessId, id);
      entry.controller.abort(new Error('cancelled by the owner'));
      if (entry.job.status === 'queued') {
        markCancelled(entry.job);
        entry.job.finishedAt = isoNow(clock);
        save(entry.job);
        live.delete(id);
      }
      return structuredClone(entry.job);
    },

    /** Jobs a previous run left queued or running: their input (uploaded bytes) is gone, so they end here. */
    interruptStale(): number {
      return db
        .prepare(
          `UPDATE kb_jobs SET status = 'interrupted', phase = NULL, error = 'the server stopped before this job finished; start it again',
             updated_at = ?, finished_at = ? WHERE status IN ('queued', 'running')`,
        )
        .run(isoNow(clock), isoNow(clock)).changes;
    },

    /** Resolves when no job is queued or running. */
    idle(): Promise<void> {
      if (!running) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    /** Cancels everything and waits for the running job to stop. */
    async close(): Promise<void> {
      stopping = true;
      for (const { controller } of live.values()) controller.abort(new Error('the server is stopping'));
      await running;
    },
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
