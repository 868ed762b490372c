-- Service numbers compared in their canonical form (canonical_service_number, cases/004): what the
-- writer typed stays as it was received (the receipt's hash covers it); the canonical form sits
-- beside it and is what the walls compare.
alter table voice_named_officers
  add column service_number_canonical text generated always as (canonical_service_number(service_number)) stored;
create index voice_named_officers_service_number_canonical on voice_named_officers (service_number_canonical) where service_number_canonical is not null;

-- The guard compares what was received; the canonical form is derived from it (and reads as null
-- inside a BEFORE trigger, where generated columns are not yet computed), so it is left out.
create or replace function voice_submission_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE'
     or (to_jsonb(new) - 'acknowledged_at' - 'acknowledged_by' - 'author_service_number_canonical')
        <> (to_jsonb(old) - 'acknowledged_at' - 'acknowledged_by' - 'author_service_number_canonical') then
    raise exception 'voice_submissions: what was received cannot be changed (% refused)', tg_op using errcode = '42501';
  end if;
  return new;
end $$;

alter table voice_submissions
  add column author_service_number_canonical text generated always as (canonical_service_number(author_service_number)) stored;

-- Cases already opened from letters take the letter's station wall (cases/005).
update cases c set walled_station_id = v.author_station_id
  from voice_assignments a join voice_submissions v on v.id = a.submission_id
 where c.reference = a.case_reference and c.walled_station_id is null and v.author_station_id is not null;
