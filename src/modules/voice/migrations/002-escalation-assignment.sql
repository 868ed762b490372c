-- The clock's escalations, assignment to an investigating unit, the identity custodian's
-- reveals, and attachments. All append-only: they are the record of how a letter was handled.

-- Each step fires once per letter: the primary key is what makes a repeated job harmless.
create table voice_escalations (
  submission_id bigint not null references voice_submissions(id),
  -- registry_head: not acknowledged in time, to the head of the IG's office;
  -- npsc: still not acknowledged one more clock later, to the NPSC liaison;
  -- decision_overdue: a resignation request undecided past the statutory period, to the NPSC liaison
  step text not null check (step in ('registry_head', 'npsc', 'decision_overdue')),
  at timestamptz not null,
  primary key (submission_id, step)
);
create index voice_escalations_step on voice_escalations (step, submission_id);

-- The unit the IG's office assigns a letter to, and the case it is worked as in the hub.
create table voice_assignments (
  submission_id bigint primary key references voice_submissions(id),
  unit_code text not null references units(code),
  case_reference text not null,
  assigned_by bigint not null references users(id),
  at timestamptz not null
);
create index voice_assignments_unit on voice_assignments (unit_code, submission_id);

-- The identity custodian told the investigating unit who wrote a protected letter, and why.
create table voice_identity_reveals (
  id bigserial primary key,
  submission_id bigint not null references voice_submissions(id),
  unit_code text not null references units(code),
  reason text not null check (length(reason) between 1 and 2000),
  revealed_by bigint not null references users(id),
  at timestamptz not null
);
create index voice_identity_reveals_submission on voice_identity_reveals (submission_id, unit_code);

-- Files sent with a letter (content-addressed blobs); part of what the receipt's hash covers.
create table voice_attachments (
  id bigserial primary key,
  submission_id bigint not null references voice_submissions(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null check (size_bytes > 0),
  media_type text not null,
  file_name text not null check (length(file_name) between 1 and 200)
);
create index voice_attachments_submission on voice_attachments (submission_id, id);

alter table voice_events drop constraint voice_events_action_check;
alter table voice_events add constraint voice_events_action_check
  check (action in ('received', 'acknowledged', 'escalated', 'note', 'decided', 'withdrawn', 'assigned', 'identity_revealed'));

create trigger voice_escalations_append_only before update or delete on voice_escalations
  for each row execute function refuse_change();
create trigger voice_escalations_no_truncate before truncate on voice_escalations
  for each statement execute function refuse_change();
create trigger voice_assignments_append_only before update or delete on voice_assignments
  for each row execute function refuse_change();
create trigger voice_assignments_no_truncate before truncate on voice_assignments
  for each statement execute function refuse_change();
create trigger voice_identity_reveals_append_only before update or delete on voice_identity_reveals
  for each row execute function refuse_change();
create trigger voice_identity_reveals_no_truncate before truncate on voice_identity_reveals
  for each statement execute function refuse_change();
create trigger voice_attachments_append_only before update or delete on voice_attachments
  for each row execute function refuse_change();
create trigger voice_attachments_no_truncate before truncate on voice_attachments
  for each statement execute function refuse_change();
