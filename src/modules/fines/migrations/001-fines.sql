-- Traffic fines: notices issued from the offence schedule, paid by M-Pesa or a bank reference, never in cash.

-- Notice numbers: a serial and a check digit (Damm), so a mistyped account number is caught when paying.
create sequence fine_notice_serial;

create table fine_notices (
  id bigserial primary key,
  -- ten digits: nine of serial, one check digit; the M-Pesa account number
  number text not null unique check (number ~ '^[0-9]{10}$'),
  -- what the motorist's link carries, so that the notice page (with the driver's details) is theirs alone
  link_token_hash text not null check (length(link_token_hash) = 64),
  -- fine: pay or contest; warning: no fine; court: an offence outside the schedule, a notice to attend
  kind text not null check (kind in ('fine', 'warning', 'court')),
  status text not null check (status in ('unpaid', 'paid', 'contested', 'withdrawn', 'court', 'warning')),
  schedule_version text,
  amount_cents bigint not null check (amount_cents >= 0),
  paid_cents bigint not null default 0 check (paid_cents >= 0),
  vehicle_registration text not null check (vehicle_registration ~ '^[A-Z0-9]{2,10}$'),
  driver_name text not null check (length(driver_name) between 1 and 200),
  licence_number text check (length(licence_number) between 1 and 40),
  driver_phone text check (driver_phone ~ '^2547[0-9]{8}$|^2541[0-9]{8}$'),
  place text not null check (length(place) between 1 and 300),
  county_code text not null references counties(code),
  station_id text not null references stations(id),
  issued_by bigint not null references users(id),
  offence_at timestamptz not null,
  issued_at timestamptz not null,
  due_at timestamptz not null,
  language text not null check (language in ('en', 'sw')),
  -- the court's description of an offence outside the schedule
  court_offence text check (length(court_offence) between 1 and 1000),
  withdrawn_by bigint references users(id),
  withdrawn_reason text check (length(withdrawn_reason) between 1 and 2000),
  settled_at timestamptz,
  check ((kind = 'court') = (court_offence is not null)),
  check ((status = 'withdrawn') = (withdrawn_reason is not null)),
  check (kind <> 'fine' or amount_cents > 0),
  check (kind = 'fine' or amount_cents = 0)
);
create index fine_notices_station on fine_notices (station_id, issued_at);
create index fine_notices_due on fine_notices (due_at) where status = 'unpaid';
create index fine_notices_registration on fine_notices (vehicle_registration);

-- Each offence on a notice, priced from the schedule in force on the offence date.
create table fine_notice_offences (
  notice_id bigint not null references fine_notices(id),
  position smallint not null check (position between 1 and 20),
  code text not null,
  -- seats without belts, for a fine per seat; otherwise 1
  quantity smallint not null default 1 check (quantity between 1 and 100),
  unit_cents bigint check (unit_cents > 0),
  amount_cents bigint not null check (amount_cents >= 0),
  primary key (notice_id, position)
);

-- What happened to a notice, in order: issued, sent, reminded, paid, contested, withdrawn, flagged for court.
create table fine_notice_events (
  id bigserial primary key,
  notice_id bigint not null references fine_notices(id),
  kind text not null,
  at timestamptz not null,
  by_user bigint references users(id),
  detail jsonb not null default '{}'
);
create index fine_notice_events_notice on fine_notice_events (notice_id, at);
