-- The read models the Occurrence Book publishes for insights: each entry's station, day and kind, which its
-- leaf in the public log shows in plain (so anyone can recount them from the log up to a checkpoint), with its
-- place in the log once it has one; each custody deadline and how it ended; the log's checkpoints.
create view ob_entry_facts as
  select e.id, e.station_id, e.day, e.kind, e.recorded_at, e.amends is not null as amendment, l.leaf_index,
    case when e.kind = 'day_close' then (e.details->>'day')::date end as closes_day
  from ob_entries e left join ob_log_leaves l on l.entry_id = e.id;

create view ob_custody_facts as
  select d.entry_id, d.station_id, d.due_at, d.settled_at, d.case_id is not null as breached
  from ob_custody_deadlines d;

create view ob_checkpoint_facts as
  select c.size, encode(c.root, 'base64') as root, c.created_at,
    (select count(*) from ob_log_cosignatures s where s.size = c.size) as cosignatures
  from ob_log_checkpoints c;
