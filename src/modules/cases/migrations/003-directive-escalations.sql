-- An open directive past its due date escalates once to the head of the IG's office.
create table case_directive_escalations (
  directive_id bigint primary key references case_directives(id),
  at timestamptz not null
);
create trigger case_directive_escalations_append_only before update or delete on case_directive_escalations
  for each row execute function refuse_change();
create trigger case_directive_escalations_no_truncate before truncate on case_directive_escalations
  for each statement execute function refuse_change();
