-- The national log: every Occurrence Book entry is a leaf of one RFC 6962 Merkle tree, published as
-- C2SP tlog-tiles with signed checkpoints. Leaves, full tiles, checkpoints and cosignatures are
-- never changed once written; only the rightmost partial tile of each level grows.

-- The one row the integrator locks: what the tree holds (size and root) once a batch commits.
-- Integrating under this row's lock is what keeps two Sauti instances from growing two trees.
create table ob_log_state (
  id boolean primary key default true check (id),
  size bigint not null check (size >= 0),
  root bytea not null check (length(root) = 32)
);
insert into ob_log_state (id, size, root) values (true, 0, sha256(''::bytea));

create table ob_log_leaves (
  leaf_index bigint primary key check (leaf_index >= 0),
  entry_id bigint not null unique references ob_entries(id)
);

-- Full tiles (256 hashes, 8,192 bytes): never change.
create table ob_log_tiles (
  level smallint not null check (level between 0 and 63),
  tile_index bigint not null check (tile_index >= 0),
  data bytea not null check (length(data) = 8192),
  primary key (level, tile_index)
);

-- The rightmost partial tile of each level (1–255 hashes): grows until it is full, then moves to ob_log_tiles.
create table ob_log_partial_tiles (
  level smallint primary key check (level between 0 and 63),
  tile_index bigint not null check (tile_index >= 0),
  data bytea not null check (length(data) between 32 and 8160 and length(data) % 32 = 0)
);

-- Signed checkpoints (c2sp.org/tlog-checkpoint): `note` is the signed note as the log signed it.
create table ob_log_checkpoints (
  size bigint primary key check (size >= 0),
  root bytea not null check (length(root) = 32),
  note text not null,
  created_at timestamptz not null
);

-- Witnesses' cosignature lines (c2sp.org/tlog-cosignature), one per checkpoint and witness.
create table ob_log_cosignatures (
  size bigint not null references ob_log_checkpoints(size),
  witness text not null,
  line text not null,
  created_at timestamptz not null,
  primary key (size, witness)
);

-- The size each witness last cosigned: the old size of the next add-checkpoint request.
create table ob_log_witnesses (
  witness text primary key,
  size bigint not null check (size >= 0),
  updated_at timestamptz not null
);

create trigger ob_log_leaves_append_only before update or delete on ob_log_leaves
  for each row execute function refuse_change();
create trigger ob_log_leaves_no_truncate before truncate on ob_log_leaves
  for each statement execute function refuse_change();
create trigger ob_log_tiles_append_only before update or delete on ob_log_tiles
  for each row execute function refuse_change();
create trigger ob_log_tiles_no_truncate before truncate on ob_log_tiles
  for each statement execute function refuse_change();
create trigger ob_log_checkpoints_append_only before update or delete on ob_log_checkpoints
  for each row execute function refuse_change();
create trigger ob_log_checkpoints_no_truncate before truncate on ob_log_checkpoints
  for each statement execute function refuse_change();
create trigger ob_log_cosignatures_append_only before update or delete on ob_log_cosignatures
  for each row execute function refuse_change();

-- The tree only grows.
create function ob_log_state_grows() returns trigger language plpgsql as $$
begin
  if new.size < old.size then
    raise exception 'ob_log_state: the tree only grows' using errcode = '42501';
  end if;
  return new;
end $$;
create trigger ob_log_state_grows before update on ob_log_state
  for each row execute function ob_log_state_grows();
