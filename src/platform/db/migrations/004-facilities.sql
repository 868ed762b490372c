-- Health facilities (reference data of the jurisdiction, synced at boot like stations) and the medical or
-- clinical officers who examine there: they complete Part II of the P3 forms sent to their facility.
create table facilities (
  id text primary key,
  name text not null,
  county_code text not null references counties(code),
  kind text not null default 'hospital' check (kind in ('hospital', 'health_centre', 'dispensary'))
);
create index facilities_county on facilities (county_code);

alter table users add column facility_id text references facilities(id);

alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('officer', 'station_commander', 'investigator',
  'oversight_liaison', 'ig_office', 'moderator', 'administrator', 'medical_officer'));
-- a medical officer examines at one facility; nobody else belongs to one
alter table users add constraint users_facility_check check ((role = 'medical_officer') = (facility_id is not null));
