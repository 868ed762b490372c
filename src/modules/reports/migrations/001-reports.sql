-- Citizens' misconduct reports. An anonymous report stores no name, phone, e-mail, address or device detail.

create table reports (
  id bigserial primary key,
  case_id bigint not null unique references cases(id),
  -- HMAC-SHA256 of the 16-digit receipt code under the server secret; the code itself is never stored
  receipt_hmac text not null unique,
  category text not null,
  description text not null check (length(description) <= 4000),
  occurred_at timestamptz,
  county_code text not null references counties(code),
  station_id text, -- reports_station_in_county below checks it against its county
  place text,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  officers jsonb not null default '[]',
  anonymous boolean not null,
  contact_name text,
  contact_phone text,
  contact_email text,
  channel text not null check (channel in ('web', 'api', 'open311', 'sms', 'ussd')),
  language text not null default 'en',
  created_at timestamptz not null default now(),
  constraint reports_station_in_county foreign key (station_id, county_code) references stations (id, county_code),
  check (not anonymous or (contact_name is null and contact_phone is null and contact_email is null)),
  check (anonymous or contact_phone is not null or contact_email is not null)
);
create index reports_created on reports (created_at);

-- Evidence as received: the SHA-256 names the stored file, so its integrity can be re-checked at any time.
create table evidence (
  id bigserial primary key,
  report_id bigint not null references reports(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null,
  media_type text not null,
  kind text not null check (kind in ('photo', 'video', 'audio', 'document')),
  received_at timestamptz not null default now(),
  received_via text not null,
  received_by text not null
);
create index evidence_report on evidence (report_id);

create trigger evidence_append_only before update or delete on evidence
  for each row execute function refuse_change();
create trigger evidence_no_truncate before truncate on evidence
  for each statement execute function refuse_change();
