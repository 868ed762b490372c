import type { Actor, StaffActor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import type { NavCount, Platform } from '../../platform/module.ts';
import { listVisibleCases, queueSorts, waitingCounts, type QueueFilter } from './queue-store.ts';
import { caseStatuses } from './service.ts';
import type { CaseRow, CaseStatus } from './store.ts';

// The queue: the cases a person may see, filtered, searched, sorted and counted.

export const QUEUE_PAGE_SIZE = 25;

/** What a queue address asks for: the filters, search and sort of the store's filter (`assignee` may be `me`), and a page. */
export type QueueQuery = Omit<QueueFilter, 'limit' | 'offset' | 'now'> & { page: number };

/** The queue's address as a person types or follows it: open cases unless a status (or `all`) is asked for. */
export function readQueueQuery(raw: Partial<Record<string, string>>): QueueQuery {
  const page = Number.parseInt(raw.page ?? '1', 10);
  return {
    status: raw.status === undefined ? 'open' : raw.status === 'all' ? undefined : raw.status || undefined,
    assignee: raw.assignee || undefined,
    sort: queueSorts.find((s) => s === raw.sort),
    descending: raw.dir === 'desc',
    category: raw.category || undefined,
    county: raw.county || undefined,
    overdue: raw.overdue === '1' || raw.overdue === 'true',
    dueSoon: raw.soon === '1' || raw.soon === 'true',
    q: raw.q || undefined,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The query string of the queue as `query` asks for it, on page `page` (the first page's says no page). */
export function queueAddress(query: QueueQuery, page: number): string {
  const params = new URLSearchParams();
  params.set('status', query.status ?? 'all');
  for (const key of ['category', 'county', 'assignee', 'q', 'sort'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.sort && query.descending) params.set('dir', 'desc');
  if (query.overdue) params.set('overdue', '1');
  if (query.dueSoon) params.set('soon', '1');
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

export async function listQueue(
  platform: Platform,
  actor: Actor,
  filter: Partial<QueueFilter> & { page?: number },
  now = platform.clock.now(),
): Promise<{ rows: CaseRow[]; total: number }> {
  const page = Math.max(1, filter.page ?? 1);
  return queueRows(platform, actor, filter, { limit: QUEUE_PAGE_SIZE, offset: (page - 1) * QUEUE_PAGE_SIZE }, now);
}

/** The queue's rows in a window (its search audited), filters that are not a known value ignored. */
export async function queueRows(
  platform: Platform,
  actor: Actor,
  filter: Partial<QueueFilter>,
  window: { limit: number; offset: number },
  now = platform.clock.now(),
): Promise<{ rows: CaseRow[]; total: number }> {
  const who = requireStaff(actor);
  const q = filter.q?.trim().slice(0, 200) || undefined;
  const assignee = filter.assignee === 'me' ? who.id : filter.assignee;
  const result = await listVisibleCases(platform.db.pool, who, {
    status:
      filter.status && (filter.status === 'open' || caseStatuses.includes(filter.status as CaseStatus))
        ? filter.status
        : undefined,
    category: filter.category || undefined,
    county: filter.county || undefined,
    overdue: filter.overdue,
    dueSoon: filter.dueSoon,
    assignee: assignee === 'none' || /^\d{1,18}$/.test(assignee ?? '') ? assignee : undefined,
    q,
    sort: queueSorts.find((s) => s === filter.sort),
    descending: filter.descending,
    ...window,
    now,
  });
  if (q) await audit(platform.db.pool, who, 'case.search', 'case', '*', { q, results: result.total });
  return result;
}

/** The staff home's line for the queue: new cases, this person's own, escalated and nearly so, waiting for the reporter; each a link to its view. */
export async function waitingCases(platform: Platform, actor: StaffActor): Promise<NavCount[]> {
  const counts = await waitingCounts(platform.db.pool, actor, platform.clock.now());
  return [
    { label: 'cases.home.received', count: counts.received, href: '/staff/cases?status=received' },
    { label: 'cases.home.mine', count: counts.mine, href: '/staff/cases?status=open&assignee=me' },
    { label: 'cases.home.overdue', count: counts.overdue, href: '/staff/cases?status=open&overdue=1' },
    { label: 'cases.home.dueSoon', count: counts.dueSoon, href: '/staff/cases?status=open&soon=1' },
    { label: 'cases.home.waiting', count: counts.waiting, href: '/staff/cases?status=waiting_for_reporter' },
  ];
}
