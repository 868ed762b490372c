-- USSD sessions: where each one stands, so that any instance can take its next step. `text_seen` is Africa's
-- Talking's `text` as last answered (a repeated callback gets the same screen again); `state` is the step that takes
-- the next input and what the journey has gathered. Rows live a short while after their last step (`expires_at`)
-- and are then removed; an ended one keeps no state.
create table ussd_sessions (
  id text primary key,
  number_hash text not null,
  language text not null check (language in ('en', 'sw')),
  text_seen text not null,
  screen text not null,
  state jsonb,
  ended boolean not null default false,
  started_at timestamptz not null,
  updated_at timestamptz not null,
  expires_at timestamptz not null
);
create index ussd_sessions_number on ussd_sessions (number_hash, updated_at desc);
create index ussd_sessions_expiry on ussd_sessions (expires_at);

-- The language each number chose, by the number's keyed hash only.
create table ussd_numbers (
  number_hash text primary key,
  language text not null check (language in ('en', 'sw')),
  updated_at timestamptz not null
);
