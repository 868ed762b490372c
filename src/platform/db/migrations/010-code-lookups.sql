-- Look-ups by secret code (a report's receipt, an OB slip, a notice, a document's check code) are slowed, never
-- blocked, after many wrong ones: counted per client address and per reference looked up (an OB number, a
-- notice number), each only as a keyed hash, in a window of a quarter of an hour. Kept in the database so every
-- instance counts the same guesses. A look-up is counted before it runs and taken back when it finds what it
-- looked for, so that guesses sent all at once cannot slip under the count.
create table code_lookup_failures (
  key text primary key,
  failures integer not null check (failures >= 0),
  counted_since timestamptz not null,
  -- the last look-up from this address whose proof was a wait rather than work: one at a time per address
  waited_at timestamptz,
  expires_at timestamptz not null
);
create index code_lookup_failures_expiry on code_lookup_failures (expires_at);

-- The proofs (challenges answered) already used: each is good once, and is forgotten when it could no longer be used.
create table code_lookup_proofs (
  id text primary key,
  expires_at timestamptz not null
);
create index code_lookup_proofs_expiry on code_lookup_proofs (expires_at);
