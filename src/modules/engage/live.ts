import { watchNotifications, type Watch } from '../../platform/events/notifications.ts';
import { SSE_HEARTBEAT, sseMessage } from '../../platform/events/sse.ts';
import type { Platform } from '../../platform/module.ts';
import { answerJson, clusterJson } from './json.ts';
import { sessionState } from './schedule.ts';
import { answersByIds, publicClustersByIds, type AnswerRow, type PublicCluster } from './console/store.ts';
import { countQuestionsByStatus } from './moderation/store.ts';
import { findSession, type SessionRow } from './schedule/store.ts';
import * as store from './live/store.ts';
import type { LiveEventRow } from './live/store.ts';

/**
 * Live delivery of #EngageTheIG sessions. Triggers write a row to engage_events in the same
 * transaction as every public change and NOTIFY every Sauti process; each process reads the new
 * rows once, loads the current public state of what changed once, and writes the same bytes to
 * every viewer of that session. A viewer that reconnects with Last-Event-ID gets what it missed.
 */

export interface Viewer {
  write(chunk: string): boolean;
  /** Moderators and the IG's office also get the queue's counts. */
  staff?: boolean;
}

/** Events replayed to a reconnecting viewer at most; beyond that it is told to reload. */
const MAX_REPLAY = 200;
const BATCH = 1000;
/** An id skipped by the sequence may still commit (a transaction in flight); looked for this long. */
const GAP_MS = 10_000;
const HEARTBEAT_MS = 20_000;
const KEEP_EVENTS_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

interface Gap {
  since: number;
}

export class SessionFeed {
  private readonly viewers = new Map<string, Set<Viewer>>();
  private watch: Watch | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private cursor: string | undefined;
  private readonly gaps = new Map<string, Gap>();
  private reading = false;
  private again = false;
  private lastPrune = 0;
  private starting: Promise<void> | undefined;
  /** Messages sent since start (for the benchmark and the tests). */
  sent = 0;

  constructor(private readonly platform: Platform) {}

  get viewerCount(): number {
    let n = 0;
    for (const set of this.viewers.values()) n += set.size;
    return n;
  }

  /**
   * Adds a viewer of a session; events after `lastEventId` (when given) are sent first. Returns
   * the function that removes it.
   */
  async subscribe(sessionId: string, viewer: Viewer, lastEventId?: string): Promise<() => void> {
    await this.start();
    let set = this.viewers.get(sessionId);
    if (!set) {
      set = new Set();
      this.viewers.set(sessionId, set);
    }
    set.add(viewer);
    const remove = () => {
      const current = this.viewers.get(sessionId);
      current?.delete(viewer);
      if (current && current.size === 0) this.viewers.delete(sessionId);
    };
    if (lastEventId) await this.replay(sessionId, viewer, lastEventId);
    return remove;
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.starting;
    await this.watch?.close();
    this.watch = undefined;
    this.starting = undefined;
    this.viewers.clear();
  }

  private start(): Promise<void> {
    this.starting ??= (async () => {
      this.cursor = await store.latestEventId(this.platform.db.pool);
      this.watch = watchNotifications(this.platform.db, 'engage_events', () => this.signal());
      this.heartbeat = setInterval(() => this.broadcastAll(SSE_HEARTBEAT), HEARTBEAT_MS);
      this.heartbeat.unref();
    })();
    return this.starting;
  }

  private signal(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    void this.read()
      .catch(() => undefined)
      .finally(() => {
        this.reading = false;
        if (this.again) {
          this.again = false;
          this.signal();
        }
      });
  }

  /** Reads every event after the cursor (and any gap that has since committed) and sends it on. */
  private async read(): Promise<void> {
    const db = this.platform.db.pool;
    for (;;) {
      const cursor = this.cursor!;
      const rows = await store.eventsAfter(db, cursor, BATCH);
      const now = Date.now();
      for (const [id, gap] of this.gaps) if (now - gap.since > GAP_MS) this.gaps.delete(id);
      const late = this.gaps.size > 0 ? await store.eventsByIds(db, [...this.gaps.keys()]) : [];
      for (const row of late) this.gaps.delete(row.id);
      let expected = BigInt(cursor) + 1n;
      for (const row of rows) {
        const id = BigInt(row.id);
        // ids skipped here belong to transactions not yet committed (or rolled back)
        for (let missing = expected; missing < id && this.gaps.size < BATCH; missing++)
          this.gaps.set(missing.toString(), { since: now });
        expected = id + 1n;
      }
      if (rows.length > 0) this.cursor = rows[rows.length - 1]!.id;
      const events = [...late, ...rows].filter((e) => this.viewers.has(e.session_id));
      if (events.length > 0) await this.deliver(events);
      if (rows.length < BATCH) break;
    }
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await store.pruneEvents(db, new Date(Date.now() - KEEP_EVENTS_MS));
    }
  }

  private async replay(sessionId: string, viewer: Viewer, lastEventId: string): Promise<void> {
    const events = (
      await store.sessionEventsAfter(this.platform.db.pool, sessionId, lastEventId, MAX_REPLAY + 1)
    ).filter((e) => viewer.staff || e.kind !== 'queue');
    if (events.length > MAX_REPLAY) {
      viewer.write(sseMessage('reload', {}));
      return;
    }
    if (events.length === 0) return;
    const messages = await this.messages(events);
    for (const m of messages) viewer.write(m.text);
  }

  private async deliver(events: LiveEventRow[]): Promise<void> {
    const messages = await this.messages(events);
    for (const m of messages) {
      const set = this.viewers.get(m.sessionId);
      if (!set) continue;
      for (const viewer of set) {
        if (m.staffOnly && !viewer.staff) continue;
        if (viewer.write(m.text)) this.sent++;
        else set.delete(viewer);
      }
    }
  }

  private broadcastAll(chunk: string): void {
    for (const set of this.viewers.values()) for (const viewer of set) if (!viewer.write(chunk)) set.delete(viewer);
  }

  /**
   * One message per thing that changed (several changes to one cluster in a batch become one
   * message, carrying the latest event id), with that thing's current public state.
   */
  private async messages(events: LiveEventRow[]): Promise<FeedMessage[]> {
    const chosen = latestPerThing(events);
    const state = await this.currentState(chosen);
    const now = this.platform.clock.now();
    const out: FeedMessage[] = [];
    for (const e of chosen) {
      const message = messageOf(e, state, now);
      if (message) out.push(message);
    }
    return out;
  }

  /** The current public state of what the events name: clusters, answers, sessions, queue counts. */
  private async currentState(chosen: LiveEventRow[]): Promise<FeedState> {
    const db = this.platform.db.pool;
    const clusterIds = new Set<string>();
    const answerIds: string[] = [];
    const sessionIds = new Set<string>();
    const queues = new Map<string, Record<string, number>>();
    for (const e of chosen)
      if (e.kind === 'queue' && !queues.has(e.session_id))
        queues.set(e.session_id, await countQuestionsByStatus(db, e.session_id));
    for (const e of chosen) {
      if (e.kind === 'cluster' && e.ref_id) clusterIds.add(e.ref_id);
      if (e.kind === 'answering') sessionIds.add(e.session_id);
      if (e.kind === 'answer' && e.ref_id) answerIds.push(e.ref_id);
      if (e.kind === 'session') sessionIds.add(e.session_id);
    }
    const sessions = new Map<string, SessionRow>();
    for (const id of sessionIds) {
      const row = await findSession(db, id);
      if (!row) continue;
      sessions.set(id, row);
      if (row.answering_cluster_id) clusterIds.add(row.answering_cluster_id);
    }
    const clusters = new Map(
      (clusterIds.size > 0 ? await publicClustersByIds(db, [...clusterIds]) : []).map((c) => [c.id, c]),
    );
    const answers = new Map((answerIds.length > 0 ? await answersByIds(db, answerIds) : []).map((a) => [a.id, a]));
    return { queues, sessions, clusters, answers };
  }
}

interface FeedMessage {
  sessionId: string;
  text: string;
  staffOnly?: boolean;
}

interface FeedState {
  queues: Map<string, Record<string, number>>;
  sessions: Map<string, SessionRow>;
  clusters: Map<string, PublicCluster>;
  answers: Map<string, AnswerRow>;
}

/** The latest event of each thing that changed, oldest first. */
function latestPerThing(events: LiveEventRow[]): LiveEventRow[] {
  const latest = new Map<string, LiveEventRow>();
  for (const e of events) {
    const key = `${e.session_id}:${e.kind}:${e.kind === 'cluster' || e.kind === 'answer' ? e.ref_id : ''}`;
    const seen = latest.get(key);
    if (!seen || BigInt(seen.id) < BigInt(e.id)) latest.set(key, e);
  }
  return [...latest.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

function messageOf(e: LiveEventRow, state: FeedState, now: Date): FeedMessage | undefined {
  if (e.kind === 'queue') {
    const counts = state.queues.get(e.session_id) ?? {};
    const queue = { pending: counts.pending ?? 0, approved: counts.approved ?? 0, rejected: counts.rejected ?? 0 };
    return { sessionId: e.session_id, staffOnly: true, text: sseMessage('queue', queue, e.id) };
  }
  const text = publicText(e, state, now);
  return text ? { sessionId: e.session_id, text } : undefined;
}

function publicText(e: LiveEventRow, state: FeedState, now: Date): string | undefined {
  if (e.kind === 'cluster' && e.ref_id) {
    const c = state.clusters.get(e.ref_id);
    return sseMessage('cluster', c ? clusterJson(c) : { id: e.ref_id, removed: true }, e.id);
  }
  if (e.kind === 'answer' && e.ref_id) {
    const a = state.answers.get(e.ref_id);
    return a ? sseMessage('answer', answerJson(a), e.id) : undefined;
  }
  const s = state.sessions.get(e.session_id);
  if (e.kind === 'answering') {
    const c = s?.answering_cluster_id ? state.clusters.get(s.answering_cluster_id) : undefined;
    return sseMessage('answering', { cluster: c ? clusterJson(c) : null }, e.id);
  }
  if (e.kind === 'session' && s) {
    const session = {
      state: sessionState(s, now),
      startsAt: s.starts_at.toISOString(),
      endsAt: s.ends_at.toISOString(),
    };
    return sseMessage('session', session, e.id);
  }
  return undefined;
}

const feeds = new WeakMap<Platform, SessionFeed>();

/** The platform's one feed (one LISTEN connection per process, however many viewers). */
export function sessionFeed(platform: Platform): SessionFeed {
  let feed = feeds.get(platform);
  if (!feed) {
    feed = new SessionFeed(platform);
    feeds.set(platform, feed);
  }
  return feed;
}
