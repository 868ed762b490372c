-- One-time recovery codes for two-step verification, for a staff member whose phone is lost when no administrator
-- is at hand: made on request (first right after enrolment), shown once, kept only as a keyed hash, each used once.
-- Making new ones, or an administrator's reset of two-step verification, removes the old.
create table staff_recovery_codes (
  user_id bigint not null references users(id),
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  primary key (user_id, code_hash)
);
