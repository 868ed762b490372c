-- Each reconciliation run, kept for good (append-only): the period it covered (local days, from and to
-- inclusive, and the instants they span), when it ran and for whom, the figures per station, and what did
-- not add up. The daily run of a day is kept once.
create table fine_reconciliations (
  id bigserial primary key,
  from_date date not null,
  to_date date not null,
  period_start timestamptz not null,
  period_end timestamptz not null,
  -- daily: the job, for the day before; command: `sauti fines reconcile`; page: "Run now" on the finance page
  trigger text not null check (trigger in ('daily', 'command', 'page')),
  ran_at timestamptz not null,
  ran_by bigint references users(id),
  -- per station: issued, paid, contested, withdrawn, overdue, amounts issued and collected; totals; suspense
  totals jsonb not null,
  -- what did not add up, as found (at most a few hundred kept; the count is all of them)
  mismatches jsonb not null default '[]',
  mismatch_count integer not null check (mismatch_count >= 0),
  check (to_date >= from_date),
  check (period_end > period_start),
  check ((trigger = 'page') = (ran_by is not null))
);
create index fine_reconciliations_ran on fine_reconciliations (ran_at desc, id desc);
create unique index fine_reconciliations_daily on fine_reconciliations (from_date) where trigger = 'daily';
