-- Free police documents: abstracts and P3 forms, each made from an Occurrence Book entry.

-- A complainant's request made online with the slip's code: it has a clock. Unsettled when due, it is
-- shown to the station's commander; unsettled a further period, it becomes a case for IAU.
create table document_requests (
  id bigserial primary key,
  -- what the requester follows the request with (shown once, kept only as its hash)
  code_hash text not null unique check (length(code_hash) = 64),
  kind text not null check (kind in ('abstract_general', 'abstract_traffic', 'p3')),
  entry_id bigint not null references ob_entries(id),
  station_id text not null references stations(id),
  language text not null check (language in ('en', 'sw')),
  requested_at timestamptz not null,
  due_at timestamptz not null,
  escalate_at timestamptz not null check (escalate_at > due_at),
  status text not null default 'waiting' check (status in ('waiting', 'issued', 'refused')),
  settled_at timestamptz,
  settled_by bigint references users(id),
  refused_reason text check (length(refused_reason) between 1 and 2000),
  -- set once, when the second period passes with the request still waiting
  case_id bigint references cases(id),
  check ((status = 'waiting') = (settled_at is null)),
  check ((status = 'refused') = (refused_reason is not null))
);
create index document_requests_due on document_requests (escalate_at) where status = 'waiting' and case_id is null;
create index document_requests_station on document_requests (station_id, status, due_at);
-- one request of a kind waits for an entry at a time
create unique index document_requests_waiting_once on document_requests (entry_id, kind) where status = 'waiting';

-- Documents are numbered per station, kind and year without gaps, like the book.
create table document_counters (
  station_id text not null references stations(id),
  kind text not null,
  year integer not null,
  last_number integer not null check (last_number >= 1),
  primary key (station_id, kind, year)
);

-- The documents' signing keys, as verifiers trust them: a document is genuine if signed by a key
-- listed here within its period. A new key retires the one before it from that moment.
create table document_keys (
  kid text primary key check (kid ~ '^[0-9a-f]{16}$'),
  public_key bytea not null check (length(public_key) = 32),
  valid_from timestamptz not null,
  valid_until timestamptz,
  check (valid_until is null or valid_until > valid_from)
);

create table documents (
  id bigserial primary key,
  -- e.g. PA/SALAMA/2026/12 (police abstract), P3/SALAMA/2026/3
  number text not null unique,
  kind text not null check (kind in ('abstract_general', 'abstract_traffic', 'p3')),
  entry_id bigint not null references ob_entries(id),
  station_id text not null references stations(id),
  request_id bigint unique references document_requests(id),
  issued_at timestamptz not null,
  issued_by bigint not null references users(id),
  language text not null check (language in ('en', 'sw')),
  holder_name text not null check (length(holder_name) between 1 and 200),
  -- the QR's salted hash of the holder's name is made with it
  holder_salt bytea not null check (length(holder_salt) = 16),
  -- the text of the document's QR code: its core facts, signed (NPS1:...)
  seal text not null check (length(seal) <= 1000),
  kid text not null references document_keys(kid),
  revoked_at timestamptz,
  revoked_by bigint references users(id),
  revoked_reason text check (length(revoked_reason) between 1 and 2000),
  superseded_by bigint references documents(id),
  check ((revoked_at is null) = (revoked_reason is null))
);
create index documents_entry on documents (entry_id);
