-- Insights keeps rollups of the read models other modules publish (their *_facts views), rebuilt by a job:
-- dashboards and the public portal read these small tables, never the modules' tables.
-- Durations are kept as histograms over the log-spaced hour buckets in insights/durations.ts, so that shares
-- within a clock, medians and 90th percentiles can be added up over any filter.

-- One row per rebuild of a rollup: when, from which database snapshot, and (for OB figures) which checkpoint.
create table insights_refreshes (
  id bigserial primary key,
  rollup text not null,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  snapshot text not null,
  checkpoint_size bigint,
  checkpoint_root text
);
create index insights_refreshes_latest on insights_refreshes (rollup, id desc);

-- Cases per station and month, by unit, category, outcome and (for a demand for money) the free document it
-- was about; counts only.
create table insights_cases (
  month date not null,
  county_code text,
  station_id text,
  unit_code text not null,
  category text not null,
  about_document text,
  -- the outcome once closed; 'open' before
  outcome text not null,
  cases int not null,
  responded int not null,
  responded_in_time int not null,
  resolved int not null,
  resolved_in_time int not null,
  overdue_now int not null
);
create index insights_cases_month on insights_cases (month);
create index insights_cases_county on insights_cases (county_code, month);
create index insights_cases_station on insights_cases (station_id, month);
create index insights_cases_category on insights_cases (category, month);

-- The same without the station, small enough to add up nationally in a few milliseconds.
create table insights_case_counties (
  month date not null,
  county_code text,
  unit_code text not null,
  category text not null,
  outcome text not null,
  cases int not null,
  responded int not null,
  responded_in_time int not null,
  resolved int not null,
  resolved_in_time int not null,
  overdue_now int not null
);
create index insights_case_counties_month on insights_case_counties (month);

-- How long first responses and resolutions took, per county, unit and month, as histograms.
create table insights_case_durations (
  month date not null,
  county_code text,
  unit_code text not null,
  response_hours int[] not null,
  resolution_hours int[] not null
);
create index insights_case_durations_month on insights_case_durations (month);

-- Vehicles named in more than one case (plates only), with the cases' stations.
create table insights_repeat_vehicles (
  plate text not null,
  cases int not null,
  stations text[] not null,
  last_at timestamptz not null
);

-- Adds histograms bucket by bucket.
create function insights_add_hist(a int[], b int[]) returns int[] language sql immutable as $$
  select case when a is null then b else array(select a[i] + b[i] from generate_subscripts(b, 1) i order by i) end
$$;
create aggregate insights_sum_hist(int[]) (sfunc = insights_add_hist, stype = int[]);

-- Per station and month: the book's entries, days kept, day-closes, arrests and custody clocks.
create table insights_ob (
  month date not null,
  county_code text not null,
  station_id text not null,
  entries int not null,
  logged_entries int not null,
  days_with_entries int not null,
  days_closed int not null,
  arrests int not null,
  custody_deadlines int not null,
  custody_breaches int not null
);
create index insights_ob_month on insights_ob (month);
create index insights_ob_county on insights_ob (county_code, month);

create table insights_documents (
  month date not null,
  county_code text not null,
  station_id text not null,
  kind text not null,
  requested int not null,
  issued int not null,
  issued_in_time int not null,
  refused int not null,
  waiting int not null,
  escalated int not null,
  issue_hours int[] not null
);
create index insights_documents_month on insights_documents (month);
create index insights_documents_county on insights_documents (county_code, month);

create table insights_fines (
  month date not null,
  county_code text not null,
  station_id text not null,
  kind text not null,
  status text not null,
  notices int not null,
  overdue int not null,
  amount_cents bigint not null,
  paid_cents bigint not null
);
create index insights_fines_month on insights_fines (month);
create index insights_fines_county on insights_fines (county_code, month);

-- #EngageTheIG questions per session and channel, and what became of the urgent ones.
create table insights_engage (
  session_id bigint not null,
  hashtag text not null,
  starts_at timestamptz not null,
  channel text not null,
  questions int not null,
  approved int not null,
  answered int not null,
  urgent int not null,
  urgent_closed int not null,
  urgent_substantiated int not null
);
create index insights_engage_starts on insights_engage (starts_at);
