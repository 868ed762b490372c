-- A case's clocks, as case workers know them from help-desk tools: the first response, then an update to
-- the reporter at least every so often, and the resolution, each counted in working hours or round the
-- clock (the case's `clocks`). A case waiting for the reporter holds its clocks; they resume from where
-- they stood. `next_due_at` is the earliest running clock's due time (null while none runs), `warn_at`
-- when that clock is nearly out: the queue's "escalated" and "due soon" read these two.
alter table cases drop constraint cases_status_check;
alter table cases add constraint cases_status_check
  check (status in ('received', 'under_assessment', 'under_investigation', 'waiting_for_reporter', 'closed'));

alter table cases
  add column clocks jsonb not null default '{}',
  add column update_due_at timestamptz,
  add column resolution_due_at timestamptz,
  add column paused_at timestamptz,
  -- where a case waiting for the reporter returns when they reply
  add column resume_status text,
  add column next_due_at timestamptz,
  add column next_clock text check (next_clock in ('first_response', 'update', 'resolution')),
  add column warn_at timestamptz,
  add column evidence_count int not null default 0;

update cases set clocks = jsonb_build_object('firstResponse', jsonb_build_object(
  'hours', round(extract(epoch from first_response_due_at - opened_at) / 3600), 'calendar', 'continuous'));
update cases set next_due_at = first_response_due_at, next_clock = 'first_response',
  warn_at = first_response_due_at - (first_response_due_at - opened_at) / 5
  where first_responded_at is null and status <> 'closed';

drop index cases_due;
create index cases_next_due on cases (next_due_at) where next_due_at is not null;
