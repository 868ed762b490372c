-- Every e-mail Sauti owes someone: written in the transaction of the event that causes it (under a key, so a
-- retried event queues nothing twice) and handed to the SMTP server after commit. The address is sealed
-- (AES-256-GCM, as SMS numbers are) and erased once the message is final.
create table mail_outbox (
  id bigserial primary key,
  key text not null unique,
  purpose text not null,
  to_sealed bytea,
  subject text not null,
  body text not null,
  language text not null check (language in ('en', 'sw')),
  -- queued: waiting (again) for its turn; sending: handed to the server, no answer yet; sent: the server took it;
  -- failed: refused for good by the server, or given up after the last try
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  claimed_at timestamptz,
  -- the Message-ID the delivered copy carries (the server's own when it replaced the one Sauti gave)
  message_id text,
  server_response text,
  failure_reason text,
  created_at timestamptz not null,
  sent_at timestamptz,
  final_at timestamptz
);
create index mail_outbox_due on mail_outbox (next_attempt_at) where status = 'queued';
create index mail_outbox_sending on mail_outbox (claimed_at) where status = 'sending';
