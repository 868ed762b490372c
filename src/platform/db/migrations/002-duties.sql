-- Duties a staff member holds on top of their role: the head of the IG's office (receives
-- escalations) and the identity custodian (holds protected writers' identities).
alter table users add column duties text[] not null default '{}'
  check (duties <@ array['office_head', 'identity_custodian']::text[]);
