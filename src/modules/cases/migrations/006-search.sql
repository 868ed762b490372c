-- Search that finds what people type: English words by their stem (demands finds demanded), every word by its
-- beginning (in the query), and search_terms, written when a case opens: the category's words, the officers it
-- names (service numbers also without their hyphen, names, plates) and the Kiswahili stems of its text.

alter table cases add column search_terms text not null default '';

update cases c set search_terms = concat_ws(' ', replace(c.category, '_', ' '), (
  select string_agg(concat_ws(' ', s.service_number, regexp_replace(s.service_number, '\D', '', 'g'), s.name, s.vehicle_plate), ' ')
  from case_subjects s where s.case_id = c.id));

drop index cases_search;
alter table cases drop column search;
alter table cases add column search tsvector generated always as (
  setweight(to_tsvector('simple', reference), 'A') ||
  setweight(to_tsvector('english', title) || to_tsvector('simple', title), 'B') ||
  setweight(to_tsvector('english', summary) || to_tsvector('simple', summary) || to_tsvector('simple', search_terms), 'C')
) stored;
create index cases_search on cases using gin (search);
