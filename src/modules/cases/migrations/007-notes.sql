-- Internal notes on a case: written by the staff working it, read only by staff who may see the case, never
-- by the reporter (who reads case_messages). Append-only, like the case's history.
create table case_notes (
  id bigserial primary key,
  case_id bigint not null references cases(id),
  at timestamptz not null default now(),
  author_id bigint not null references users(id),
  body text not null
);
create index case_notes_case on case_notes (case_id, id);

create trigger case_notes_append_only before update or delete on case_notes
  for each row execute function refuse_change();
create trigger case_notes_no_truncate before truncate on case_notes
  for each statement execute function refuse_change();
