-- Sign-in that an attacker cannot wear down: each account remembers the last two-step code it
-- accepted (a code is good once) and its recent failed attempts (password or code), which lock
-- it for a growing interval. Kept in the database so every instance agrees.
alter table users
  add column totp_last_step bigint,
  add column failed_sign_ins integer not null default 0 check (failed_sign_ins >= 0),
  add column first_failed_at timestamptz,
  add column locked_until timestamptz,
  add column lockouts integer not null default 0 check (lockouts >= 0);
