-- The person in the unit who works a case (the unit is still the case's owner): "my cases", "unassigned", each
-- person's load. Every change is a case_history entry ('assigned') with its reason.
alter table cases add column assignee_id bigint references users(id);
create index cases_assignee on cases (assignee_id, status) where assignee_id is not null;
