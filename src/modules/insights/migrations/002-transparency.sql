-- The public portal's monthly releases: each complete month's tables, protected once from one rebuild and
-- never changed (two versions of one month could be subtracted to recover a hidden figure).
create table insights_transparency_releases (
  month date primary key,
  released_at timestamptz not null,
  refreshed_at timestamptz not null,
  snapshot text not null,
  checkpoint_size bigint,
  checkpoint_root text,
  checkpoint_witnesses int,
  min_count int not null,
  min_custody_count int not null,
  tables jsonb not null
);
