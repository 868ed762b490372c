-- Stations looked after by administrators (the admin screens and `sauti stations import`). A station an
-- administrator or an import has changed keeps what they gave it: the jurisdiction's seed list, written at every
-- start, no longer overwrites it (changed_at is set). A closed station stays in every record that names it.
alter table stations add column closed_at timestamptz;
alter table stations add column changed_at timestamptz;

-- A CSV file of stations uploaded on the admin screen, kept from its preview to the administrator's
-- confirmation, and then what it did.
create table station_imports (
  id bigserial primary key,
  csv text not null,
  file_name text not null,
  uploaded_by bigint not null references users(id),
  uploaded_at timestamptz not null,
  applied_at timestamptz,
  added integer,
  changed integer,
  unchanged integer
);
create index station_imports_uploader on station_imports (uploaded_by, id);
