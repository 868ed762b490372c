import type { Queryable } from '../../platform/db/database.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { caseColumns, caseJoins, dueSoonAt, overdueAt, type CaseRow } from './store.ts';
import { kiswahiliStem, searchWords } from '../../platform/text/index.ts';
import { visibilityCondition } from './walls.ts';

export interface QueueFilter {
  status?: string | undefined;
  category?: string | undefined;
  county?: string | undefined;
  /** Escalated: one of its clocks has run out. */
  overdue?: boolean | undefined;
  /** One of its clocks is nearly out. */
  dueSoon?: boolean | undefined;
  /** A person's account id, or `none` for the cases nobody works yet. */
  assignee?: string | undefined;
  /** Full-text query. */
  q?: string | undefined;
  sort?: QueueSort | undefined;
  descending?: boolean | undefined;
  limit: number;
  offset: number;
  /** The platform clock's moment: overdue is judged at it. */
  now: Date;
}

export const queueSorts = ['received', 'due', 'status', 'assignee', 'place', 'evidence'] as const;
export type QueueSort = (typeof queueSorts)[number];

// what each sortable column orders by; the case id breaks ties so that pages never repeat or skip a case
const sortColumns: Record<QueueSort, string> = {
  received: 'c.opened_at',
  due: 'c.next_due_at',
  // the order cases move through, not the alphabet
  status: `array_position(array['received', 'under_assessment', 'under_investigation', 'waiting_for_reporter', 'closed'], c.status)`,
  assignee: 'au.display_name',
  place: 'coalesce(st.name, co.name)',
  evidence: 'c.evidence_count',
};

export async function listVisibleCases(
  db: Queryable,
  actor: StaffActor,
  filter: QueueFilter,
): Promise<{ rows: CaseRow[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  const visible = visibilityCondition(actor, 1);
  params.push(...visible.params);
  where.push(visible.sql);
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.status === 'open') where.push(`c.status <> 'closed'`);
  else if (filter.status) where.push(`c.status = ${p(filter.status)}`);
  if (filter.category) where.push(`c.category = ${p(filter.category)}`);
  if (filter.county) where.push(`c.county_code = ${p(filter.county)}`);
  if (filter.assignee === 'none') where.push('c.assignee_id is null');
  else if (filter.assignee) where.push(`c.assignee_id = ${p(filter.assignee)}`);
  // the moment is a parameter only where a query reads it (the count reads it only through the overdue filter)
  let nowParam: string | undefined;
  const now = () => (nowParam ??= p(filter.now));
  if (filter.overdue) where.push(overdueAt(now()));
  if (filter.dueSoon) where.push(dueSoonAt(now()));
  // escalated first, then whatever runs out soonest; cases with no running clock last
  let order = `c.next_due_at asc nulls last, c.opened_at desc`;
  const words = searchWords(filter.q ?? '');
  if (words.length) {
    // each word found by its English stem, its beginning or its Kiswahili stem's beginning; an English stop word
    // ("the", "at") asks nothing
    const found = words.map((word) => {
      const w = p(word);
      const english = `to_tsquery('english', ${w} || ':*')`;
      const query = `(${english} || to_tsquery('simple', ${w} || ':*') || to_tsquery('simple', ${p(kiswahiliStem(word))} || ':*'))`;
      where.push(`(numnode(${english}) = 0 or c.search @@ ${query})`);
      return query;
    });
    order = `ts_rank(c.search, ${found.join(' && ')}) desc, c.opened_at desc`;
  }
  if (filter.sort) {
    const direction = filter.descending ? 'desc nulls last' : 'asc nulls last';
    order = `${sortColumns[filter.sort]} ${direction}, c.id ${filter.descending ? 'desc' : 'asc'}`;
  }
  const whereSql = where.join(' and ');
  const total = (await db.query<{ n: number }>(`select count(*)::int as n from cases c where ${whereSql}`, params))
    .rows[0]!.n;
  const { rows } = await db.query<CaseRow>(
    `select ${caseColumns(now())} ${caseJoins} where ${whereSql} order by ${order} limit ${p(filter.limit)} offset ${p(filter.offset)}`,
    params,
  );
  return { rows, total };
}

export interface WaitingCounts {
  received: number;
  mine: number;
  overdue: number;
  dueSoon: number;
  waiting: number;
}

/**
 * What waits for this person among the open cases they may see: new ones, theirs, escalated ones and those
 * nearly so (at `now`), those waiting for the reporter.
 */
export async function waitingCounts(db: Queryable, actor: StaffActor, now: Date): Promise<WaitingCounts> {
  const visible = visibilityCondition(actor, 3);
  const { rows } = await db.query<WaitingCounts>(
    `select (count(*) filter (where c.status = 'received'))::int as received,
            (count(*) filter (where c.assignee_id = $1))::int as mine,
            (count(*) filter (where ${overdueAt('$2')}))::int as overdue,
            (count(*) filter (where ${dueSoonAt('$2')}))::int as "dueSoon",
            (count(*) filter (where c.status = 'waiting_for_reporter'))::int as waiting
     from cases c where c.status <> 'closed' and ${visible.sql}`,
    [actor.id, now, ...visible.params],
  );
  return rows[0]!;
}
