-- Payments of notices: an STK push asked of the motorist's phone, and every payment received.

create table fine_stk_requests (
  id bigserial primary key,
  notice_id bigint not null references fine_notices(id),
  phone text not null check (phone ~ '^254[17][0-9]{8}$'),
  amount_cents bigint not null check (amount_cents > 0),
  requested_at timestamptz not null,
  -- Daraja's ids once it accepted the push
  checkout_request_id text unique,
  merchant_request_id text,
  -- sending: kept before Daraja is called (never inside this transaction); waiting: for the payer's PIN
  status text not null default 'sending' check (status in ('sending', 'waiting', 'paid', 'failed')),
  result_code integer,
  result_desc text,
  settled_at timestamptz,
  next_query_at timestamptz
);
create index fine_stk_requests_notice on fine_stk_requests (notice_id, requested_at);
create index fine_stk_requests_waiting on fine_stk_requests (next_query_at) where status = 'waiting';

-- Every payment received, once: an M-Pesa receipt (STK or paybill) or a bank reference counts once whatever
-- repeats it. A payment for no known notice waits in suspense (notice_id null) for the finance officers.
create table fine_payments (
  id bigserial primary key,
  notice_id bigint references fine_notices(id),
  channel text not null check (channel in ('mpesa', 'bank')),
  reference text not null check (length(reference) between 1 and 64),
  amount_cents bigint not null check (amount_cents > 0),
  paid_at timestamptz not null,
  recorded_at timestamptz not null,
  phone text,
  -- the STK push it answers, when it came that way
  stk_request_id bigint references fine_stk_requests(id),
  unique (channel, reference)
);
create index fine_payments_notice on fine_payments (notice_id);
