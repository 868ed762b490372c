-- P3 forms, Part II. The desk sends an issued P3 form to the health facility where the person is to be
-- examined; a medical or clinical officer of that facility completes Part II, once. Both are evidence
-- for a court: written once, never changed (the database refuses it).
create table p3_forms (
  document_id bigint primary key references documents(id),
  facility_id text not null references facilities(id),
  sent_at timestamptz not null,
  sent_by bigint not null references users(id)
);
create index p3_forms_facility on p3_forms (facility_id, sent_at);

-- Part II: the findings of the examination (personal health data: read only by the form's path and the
-- investigators of a case linked to the entry, every read audited).
create table p3_findings (
  document_id bigint primary key references p3_forms(document_id),
  examined_at timestamptz not null,
  examiner_name text not null check (length(examiner_name) between 1 and 200),
  -- the examiner's number with their council (medical practitioners' or clinical officers')
  examiner_registration text not null check (length(examiner_registration) between 1 and 40),
  injuries text not null check (length(injuries) between 1 and 8000),
  weapon text not null check (length(weapon) between 1 and 2000),
  injury_age text check (length(injury_age) between 1 and 200),
  -- the Penal Code's degrees of bodily injury, as the P3 form asks them
  degree text not null check (degree in ('harm', 'grievous_harm', 'maim')),
  treatment text not null check (length(treatment) between 1 and 4000),
  remarks text check (length(remarks) between 1 and 4000),
  completed_at timestamptz not null,
  completed_by bigint not null references users(id)
);

create trigger p3_forms_append_only before update or delete on p3_forms
  for each row execute function refuse_change();
create trigger p3_findings_append_only before update or delete on p3_findings
  for each row execute function refuse_change();
