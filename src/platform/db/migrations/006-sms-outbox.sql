-- Every SMS Sauti owes someone: written in the transaction of the event that causes it (under a key, so a
-- retried event queues nothing twice), handed to the gateway after commit, and followed by its delivery
-- reports. The number is sealed (AES-256-GCM) and erased once the message is final; `to_hash` (a keyed hash)
-- is what counts messages to one number.
create table sms_outbox (
  id bigserial primary key,
  key text not null unique,
  purpose text not null,
  to_hash text not null,
  to_sealed bytea,
  body text not null,
  language text not null check (language in ('en', 'sw')),
  -- queued: waiting (again) for its turn; sending: handed to the gateway, no answer yet; sent: the gateway took it;
  -- delivered, failed: final by a delivery report or a refusal; unknown: the gateway may or may not have taken
  -- it (a call cut off mid-way), so it is never sent again
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'sent', 'delivered', 'failed', 'unknown')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  claimed_at timestamptz,
  gateway_message_id text unique,
  gateway_status text,
  failure_reason text,
  created_at timestamptz not null,
  sent_at timestamptz,
  final_at timestamptz
);
create index sms_outbox_due on sms_outbox (next_attempt_at) where status = 'queued';
create index sms_outbox_sending on sms_outbox (id) where status = 'sending';
create index sms_outbox_number on sms_outbox (to_hash, sent_at) where sent_at is not null;

-- Each delivery report as the gateway sent it (a repeated report is kept once).
create table sms_delivery_reports (
  id bigserial primary key,
  message_id bigint references sms_outbox(id),
  gateway_message_id text not null,
  status text not null,
  failure_reason text,
  network_code text,
  retry_count integer not null default 0,
  received_at timestamptz not null,
  unique (gateway_message_id, status, retry_count)
);
create index sms_delivery_reports_message on sms_delivery_reports (message_id);
