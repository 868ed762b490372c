-- Body-camera footage lodged at a station. The file is in the blob store under its SHA-256; the
-- OB entry (kind 'footage') that lodged it carries the same hash, so the hash is in the national
-- log. Never changed or removed: views, exports and attachments to cases are recorded in the
-- audit trail and the case's history, and make up the footage's chain of custody.
create table ob_footage (
  id bigserial primary key,
  entry_id bigint not null unique references ob_entries(id),
  station_id text not null references stations(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null check (size_bytes >= 0),
  media_type text not null check (length(media_type) <= 100),
  camera_id text not null check (length(camera_id) between 1 and 100),
  recorded_from timestamptz not null,
  recorded_to timestamptz not null,
  lodged_by bigint not null references users(id),
  lodged_at timestamptz not null,
  check (recorded_to >= recorded_from)
);
create index ob_footage_station on ob_footage (station_id, id);
create index ob_footage_sha256 on ob_footage (sha256);

create trigger ob_footage_append_only before update or delete on ob_footage
  for each row execute function refuse_change();
create trigger ob_footage_no_truncate before truncate on ob_footage
  for each statement execute function refuse_change();
