-- The custody clock (Constitution Art. 49(1)(f): a person arrested is brought before a court within
-- 24 hours). One row per arrest entry, written in the same statement that stores the arrest, so no
-- arrest is ever without its clock. The escalation job settles each row once: with a case in the hub
-- when no release was recorded by the deadline, without one when it was.
create table ob_custody_deadlines (
  entry_id bigint primary key references ob_entries(id),
  station_id text not null references stations(id),
  due_at timestamptz not null,
  -- when the escalation job last looked at it and found it settled (released in time, or escalated)
  settled_at timestamptz,
  -- the case opened because nobody recorded a release by due_at
  case_id bigint unique references cases(id),
  check (case_id is null or settled_at is not null)
);
create index ob_custody_unsettled on ob_custody_deadlines (due_at) where settled_at is null;
create index ob_custody_station on ob_custody_deadlines (station_id, due_at);

-- A deadline is settled once, for good: neither its time nor its case may change afterwards.
create function ob_custody_settle_once() returns trigger language plpgsql as $$
begin
  if old.settled_at is null and new.settled_at is not null and new.entry_id = old.entry_id
     and new.station_id = old.station_id and new.due_at = old.due_at then
    return new;
  end if;
  raise exception 'ob_custody_deadlines: a deadline is settled once' using errcode = '42501';
end $$;
create trigger ob_custody_deadlines_settle_once before update on ob_custody_deadlines
  for each row execute function ob_custody_settle_once();
create trigger ob_custody_deadlines_no_delete before delete on ob_custody_deadlines
  for each row execute function refuse_change();
