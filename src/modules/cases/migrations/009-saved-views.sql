-- A person's own named views of the queue: a name and the queue's address (its filters, search and sort), shown
-- beside the built-in views. Nobody else sees or changes them.
create table case_saved_views (
  id bigserial primary key,
  user_id bigint not null references users(id),
  name text not null,
  query text not null,
  created_at timestamptz not null default now()
);
create unique index case_saved_views_name on case_saved_views (user_id, lower(name));
