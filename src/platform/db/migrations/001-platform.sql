-- Reference data of the jurisdiction (synced at boot from src/jurisdiction), people, sessions and the audit trail.

create table counties (
  code text primary key,
  name text not null
);

create table stations (
  id text primary key,
  name text not null,
  county_code text not null references counties(code),
  kind text not null default 'station',
  unique (id, county_code)
);
create index stations_county on stations (county_code);

create table units (
  code text primary key,
  name text not null
);

-- The service's roster of officers; staff accounts of officers point here.
create table officers (
  service_number text primary key,
  name text not null,
  rank text not null,
  station_id text references stations(id)
);
create index officers_station on officers (station_id);

create table users (
  id bigserial primary key,
  username text not null unique,
  display_name text not null,
  role text not null check (role in ('officer', 'station_commander', 'investigator', 'oversight_liaison', 'ig_office', 'moderator', 'administrator')),
  unit_code text references units(code),
  station_id text references stations(id),
  service_number text references officers(service_number),
  password_hash text not null,
  totp_secret text,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  check (role <> 'investigator' or unit_code is not null),
  check (role not in ('officer', 'station_commander') or station_id is not null)
);

create table staff_sessions (
  token_hash text primary key,
  user_id bigint not null references users(id),
  second_factor_done boolean not null default false,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index staff_sessions_user on staff_sessions (user_id);

-- Append-only: who read or changed what, and when.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id bigint references users(id),
  actor_label text not null,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  detail jsonb not null default '{}'
);
create index audit_log_subject on audit_log (subject_type, subject_id, at);

create function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = '42501';
end $$;

create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function refuse_change();
