import type { Actor, StaffActor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import type { NavCount, Platform } from '../../platform/module.ts';
import { listVisibleCases, queueSorts, waitingCounts, type QueueFilter } from './queue-store.ts';
import { caseStatuses } from './service.ts';
import type { CaseRow, CaseStatus } from './store.ts';

// The queue: the cases a person may see, filtered, searched, sorted and counted.

export const QUEUE_PAGE_SIZE = 25;

export async function listQueue(
  platform: Platform,
  actor: Actor,
  filter: Partial<QueueFilter> & { page?: number },
  now = platform.clock.now(),
): Promise<{ rows: CaseRow[]; total: number }> {
  const who = requireStaff(actor);
  const page = Math.max(1, filter.page ?? 1);
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
    assignee: assignee === 'none' || /^\d{1,18}$/.test(assignee ?? '') ? assignee : undefined,
    q,
    sort: queueSorts.find((s) => s === filter.sort),
    descending: filter.descending,
    limit: QUEUE_PAGE_SIZE,
    offset: (page - 1) * QUEUE_PAGE_SIZE,
    now,
  });
  if (q) await audit(platform.db.pool, who, 'case.search', 'case', '*', { q, results: result.total });
  return result;
}

/** The staff home's line for the queue: new cases, this person's own, late ones; each a link to its view. */
export async function waitingCases(platform: Platform, actor: StaffActor): Promise<NavCount[]> {
  const counts = await waitingCounts(platform.db.pool, actor, platform.clock.now());
  return [
    { label: 'cases.home.received', count: counts.received, href: '/staff/cases?status=received' },
    { label: 'cases.home.mine', count: counts.mine, href: '/staff/cases?status=open&assignee=me' },
    { label: 'cases.home.overdue', count: counts.overdue, href: '/staff/cases?status=open&overdue=1' },
  ];
}
