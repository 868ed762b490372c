-- Officer Voice: officers' letters to the IG's office, received by its registry on a clock.

create sequence voice_registry_seq;

create table voice_submissions (
  id bigserial primary key,
  -- e.g. IGR-2026-000123: the number on the officer's signed receipt
  registry_number text not null unique,
  kind text not null check (kind in ('grievance', 'harassment', 'whistleblowing', 'resignation', 'counselling')),
  -- for grievances: welfare, pay, promotion, transfer, housing
  topic text,
  subject text not null check (length(subject) between 1 and 200),
  body text not null check (length(body) between 1 and 8000),
  meeting_requested boolean not null default false,
  -- harassment and whistleblowing only: the investigating unit does not learn who wrote it
  identity_protected boolean not null default false check (not identity_protected or kind in ('harassment', 'whistleblowing')),
  -- the writer, as they were when they wrote (their station may change later; the wall follows this one)
  author_id bigint not null references users(id),
  author_service_number text not null,
  author_station_id text references stations(id),
  -- the unit that receives it: the IG's office registry, or the counselling unit for support requests
  unit_code text not null references units(code),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  received_at timestamptz not null,
  acknowledge_due_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by bigint references users(id),
  -- the signed receipt as issued (registry number, hash, time, issuer, key id, signature)
  receipt jsonb not null
);
create index voice_submissions_author on voice_submissions (author_id, id desc);
create index voice_submissions_unit on voice_submissions (unit_code, acknowledged_at, acknowledge_due_at);

-- Officers named in a submission (any rank): the wall that keeps them out.
create table voice_named_officers (
  id bigserial primary key,
  submission_id bigint not null references voice_submissions(id),
  service_number text,
  name text
);
create index voice_named_officers_submission on voice_named_officers (submission_id);
create index voice_named_officers_service_number on voice_named_officers (service_number) where service_number is not null;

-- What happened to a submission, as its writer sees it; append-only.
create table voice_events (
  id bigserial primary key,
  submission_id bigint not null references voice_submissions(id),
  at timestamptz not null default now(),
  action text not null check (action in ('received', 'acknowledged', 'escalated', 'note', 'decided', 'withdrawn')),
  actor_id bigint references users(id),
  actor_label text not null,
  detail jsonb not null default '{}'
);
create index voice_events_submission on voice_events (submission_id, id);

create trigger voice_events_append_only before update or delete on voice_events
  for each row execute function refuse_change();
create trigger voice_events_no_truncate before truncate on voice_events
  for each statement execute function refuse_change();

-- What the officer wrote, and when, never changes: only the acknowledgement may be filled in.
create function voice_submission_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' or (to_jsonb(new) - 'acknowledged_at' - 'acknowledged_by') <> (to_jsonb(old) - 'acknowledged_at' - 'acknowledged_by') then
    raise exception 'voice_submissions: what was received cannot be changed (% refused)', tg_op using errcode = '42501';
  end if;
  return new;
end $$;
create trigger voice_submissions_guard before update or delete on voice_submissions
  for each row execute function voice_submission_guard();
create trigger voice_submissions_no_truncate before truncate on voice_submissions
  for each statement execute function refuse_change();

-- What became of a resignation request: decided once (accepted with an effective date, declined
-- with reasons, or referred), or withdrawn by the officer before that. Append-only.
create table voice_resignation_outcomes (
  submission_id bigint primary key references voice_submissions(id),
  outcome text not null check (outcome in ('accepted', 'declined', 'referred', 'withdrawn')),
  effective_date date,
  reasons text check (length(reasons) <= 2000),
  referred_to text check (length(referred_to) <= 200),
  actor_id bigint not null references users(id),
  at timestamptz not null,
  check ((outcome = 'accepted') = (effective_date is not null)),
  check (outcome not in ('declined', 'referred') or reasons is not null),
  check ((outcome = 'referred') = (referred_to is not null))
);
create trigger voice_resignation_outcomes_append_only before update or delete on voice_resignation_outcomes
  for each row execute function refuse_change();
create trigger voice_resignation_outcomes_no_truncate before truncate on voice_resignation_outcomes
  for each statement execute function refuse_change();
