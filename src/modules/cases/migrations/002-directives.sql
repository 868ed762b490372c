-- Directives: the IG's office directs a unit to do something on a case, by a date. The directive
-- closes only with the unit's deliverable; both are kept as evidence of what was promised.

create table case_directives (
  id bigserial primary key,
  case_id bigint not null references cases(id),
  unit_code text not null references units(code),
  task text not null check (length(task) between 1 and 2000),
  deliverable text not null check (length(deliverable) between 1 and 200),
  -- a calendar day in Nairobi: overdue from the day after
  due_on date not null,
  public boolean not null default false,
  issued_by bigint not null references users(id),
  issued_at timestamptz not null default now(),
  status text not null default 'open' check (status in ('open', 'closed')),
  closed_at timestamptz,
  check ((status = 'closed') = (closed_at is not null))
);
create index case_directives_case on case_directives (case_id, id);
create index case_directives_open on case_directives (unit_code, due_on) where status = 'open';
create index case_directives_public on case_directives (issued_at desc) where public;

-- The unit's deliverable: one file per directive, append-only.
create table case_directive_deliverables (
  id bigserial primary key,
  directive_id bigint not null unique references case_directives(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null check (size_bytes > 0),
  media_type text not null,
  note text not null default '',
  uploaded_by bigint not null references users(id),
  uploaded_at timestamptz not null default now()
);

create trigger case_directive_deliverables_append_only before update or delete on case_directive_deliverables
  for each row execute function refuse_change();
create trigger case_directive_deliverables_no_truncate before truncate on case_directive_deliverables
  for each statement execute function refuse_change();

-- A directive is never rewritten or deleted; the one change allowed is closing an open one, and
-- only once its deliverable is there.
create function case_directive_only_closes() returns trigger language plpgsql as $$
begin
  if tg_op <> 'UPDATE' then
    raise exception 'case_directives is append-only: % refused', tg_op using errcode = '42501';
  end if;
  if old.status <> 'open' or new.status <> 'closed'
     or (new.id, new.case_id, new.unit_code, new.task, new.deliverable, new.due_on, new.public, new.issued_by, new.issued_at)
        is distinct from (old.id, old.case_id, old.unit_code, old.task, old.deliverable, old.due_on, old.public, old.issued_by, old.issued_at) then
    raise exception 'case_directives is append-only: only closing an open directive is allowed' using errcode = '42501';
  end if;
  if not exists (select 1 from case_directive_deliverables d where d.directive_id = new.id) then
    raise exception 'a directive closes only with its deliverable' using errcode = '23514';
  end if;
  return new;
end $$;

create trigger case_directives_only_close before update or delete on case_directives
  for each row execute function case_directive_only_closes();
create trigger case_directives_no_truncate before truncate on case_directives
  for each statement execute function refuse_change();
