-- The Occurrence Book: every station's entries, numbered per station per day without gaps, never
-- edited or deleted. Every entry is also a leaf of the national log (see log/), through `leaf`.

-- The numbering: one row per station and day (Africa/Nairobi). An entry takes the next number in
-- the same transaction that stores it, so a save that fails or is interrupted takes no number.
create table ob_day_counters (
  station_id text not null references stations(id),
  day date not null,
  last_number integer not null check (last_number >= 1),
  primary key (station_id, day)
);

create table ob_entries (
  id bigserial primary key,
  station_id text not null references stations(id),
  day date not null,
  number integer not null check (number >= 1),
  kind text not null check (kind in (
    'report', 'lost_property', 'found_property', 'accident', 'arrest', 'release', 'cell_visit',
    'booking_out', 'booking_in', 'firearm_issued', 'firearm_returned', 'general', 'footage', 'day_close'
  )),
  occurred_at timestamptz not null,
  recorded_at timestamptz not null,
  recorded_by bigint not null references users(id),
  recorded_by_service_number text,
  place text not null default '' check (length(place) <= 300),
  narrative text not null check (length(narrative) between 1 and 4000),
  -- what the kind adds: an arrest's time, officer, reason and property taken; a release's mode and
  -- whom it releases; a booking's purpose and firearm; a day-close's count and numbers; footage's hash
  details jsonb not null default '{}',
  property jsonb not null default '[]',
  -- earlier entries this one names (of the same station)
  links bigint[] not null default '{}',
  -- a correction names the entry it amends and why
  amends bigint references ob_entries(id),
  amend_reason text check (length(amend_reason) <= 1000),
  -- keeps the published commitment to the content from revealing it
  salt bytea not null check (length(salt) = 32),
  -- the canonical bytes that are this entry's leaf in the national log
  leaf bytea not null,
  unique (station_id, day, number),
  check ((amends is null) = (amend_reason is null))
);
create index ob_entries_amends on ob_entries (amends) where amends is not null;
create index ob_entries_arrests on ob_entries (station_id, occurred_at) where kind = 'arrest';
create index ob_entries_links on ob_entries using gin (links);

create table ob_entry_persons (
  entry_id bigint not null references ob_entries(id),
  ord smallint not null,
  role text not null check (role in ('complainant', 'suspect', 'witness', 'arrested', 'victim', 'visitor', 'finder', 'owner', 'driver')),
  name text check (length(name) <= 200),
  id_number text check (length(id_number) <= 40),
  phone text check (length(phone) <= 20),
  age smallint check (age between 0 and 130),
  sex text check (sex in ('female', 'male', 'other')),
  -- each person's data is committed to the log under its own salt, so it can be erased alone
  salt bytea not null check (length(salt) = 32),
  erased_at timestamptz,
  primary key (entry_id, ord)
);

-- Entries a case was opened from, or linked to: investigators read these through their case.
create table ob_entry_cases (
  entry_id bigint not null references ob_entries(id),
  case_id bigint not null references cases(id),
  primary key (entry_id, case_id)
);
create index ob_entry_cases_case on ob_entry_cases (case_id);

-- Entries stored but not yet in the national log; the log takes them in batches.
create table ob_log_queue (
  entry_id bigint primary key references ob_entries(id)
);

create trigger ob_entries_append_only before update or delete on ob_entries
  for each row execute function refuse_change();
create trigger ob_entries_no_truncate before truncate on ob_entries
  for each statement execute function refuse_change();
create trigger ob_entry_cases_append_only before update or delete on ob_entry_cases
  for each row execute function refuse_change();

-- one release per arrest (a correction of a release is an amendment, not a second release)
create unique index ob_release_once on ob_entries ((details->>'releaseOf')) where kind = 'release' and amends is null;

-- A person's details may only be erased (all of them at once, for good): the log keeps their commitment.
create function ob_person_erasure_only() returns trigger language plpgsql as $$
begin
  if old.erased_at is null and new.erased_at is not null and new.name is null and new.id_number is null
     and new.phone is null and new.age is null and new.sex is null
     and new.entry_id = old.entry_id and new.ord = old.ord and new.role = old.role and new.salt = old.salt then
    return new;
  end if;
  raise exception 'ob_entry_persons: only erasure is allowed' using errcode = '42501';
end $$;
create trigger ob_entry_persons_erasure_only before update on ob_entry_persons
  for each row execute function ob_person_erasure_only();
create trigger ob_entry_persons_no_delete before delete on ob_entry_persons
  for each row execute function refuse_change();

-- one close per station and day
create unique index ob_day_close_once on ob_entries (station_id, (details->>'day')) where kind = 'day_close' and amends is null;
