-- The read models cases publish for insights (which reads these views, never the tables): one row per case
-- and per directive, with no names, no text written by anyone and no contact details.
create view case_facts as
  select c.id, c.opened_at, c.source, c.category, c.status, c.outcome, c.unit_code, c.county_code, c.station_id,
    c.first_response_due_at, c.first_responded_at, c.resolution_due_at, c.closed_at, c.next_due_at, c.paused_at,
    c.evidence_count
  from cases c;

-- Vehicles named in cases, for "the same vehicle named again and again" (plates only).
create view case_vehicle_facts as
  select s.case_id, upper(regexp_replace(s.vehicle_plate, '\s', '', 'g')) as plate
  from case_subjects s where s.vehicle_plate is not null and s.vehicle_plate <> '';

create view directive_facts as
  select d.id, d.case_id, d.unit_code, d.due_on, d.public, d.issued_at, d.status, d.closed_at
  from case_directives d;

-- A station's cases, for a dashboard filtered to one station.
create index cases_station on cases (station_id, opened_at) where station_id is not null;
