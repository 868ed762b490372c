-- The case hub: everything that needs action is a case, worked by a unit on a clock.

create sequence case_number_seq;

create table cases (
  id bigserial primary key,
  reference text not null unique,
  source text not null,
  category text not null,
  status text not null default 'received'
    check (status in ('received', 'under_assessment', 'under_investigation', 'closed')),
  outcome text,
  unit_code text not null references units(code),
  informed_units text[] not null default '{}',
  -- within the oversight body's mandate (the IPOA liaison may read it)
  oversight boolean not null default false,
  county_code text references counties(code),
  station_id text references stations(id),
  title text not null,
  summary text not null default '',
  opened_at timestamptz not null default now(),
  first_response_due_at timestamptz not null,
  first_responded_at timestamptz,
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  search tsvector generated always as (
    setweight(to_tsvector('simple', reference), 'A') ||
    setweight(to_tsvector('simple', title), 'B') ||
    setweight(to_tsvector('simple', summary), 'C')
  ) stored,
  check ((status = 'closed') = (outcome is not null))
);
create index cases_unit_status on cases (unit_code, status, opened_at desc);
create index cases_due on cases (first_response_due_at) where first_responded_at is null and status <> 'closed';
create index cases_search on cases using gin (search);

-- Officers named in a case: the wall that keeps them, and their commanders, out.
create table case_subjects (
  id bigserial primary key,
  case_id bigint not null references cases(id),
  service_number text,
  name text,
  vehicle_plate text
);
create index case_subjects_case on case_subjects (case_id);
create index case_subjects_service_number on case_subjects (service_number) where service_number is not null;

-- Every change to a case, append-only.
create table case_history (
  id bigserial primary key,
  case_id bigint not null references cases(id),
  at timestamptz not null default now(),
  actor_id bigint references users(id),
  actor_label text not null,
  action text not null,
  from_status text,
  to_status text,
  from_unit text,
  to_unit text,
  reason text,
  detail jsonb not null default '{}'
);
create index case_history_case on case_history (case_id, id);

-- Messages between the case's unit and the reporter, append-only.
create table case_messages (
  id bigserial primary key,
  case_id bigint not null references cases(id),
  at timestamptz not null default now(),
  direction text not null check (direction in ('to_reporter', 'from_reporter')),
  author_id bigint references users(id),
  body text not null
);
create index case_messages_case on case_messages (case_id, id);

create trigger case_history_append_only before update or delete on case_history
  for each row execute function refuse_change();
create trigger case_messages_append_only before update or delete on case_messages
  for each row execute function refuse_change();
create trigger case_history_no_truncate before truncate on case_history
  for each statement execute function refuse_change();
create trigger case_messages_no_truncate before truncate on case_messages
  for each statement execute function refuse_change();
