-- #EngageTheIG questions arriving by SMS (Africa's Talking) and from X (the hashtag poller).

-- The message's or post's id at its source, so a retried callback or a post seen twice is stored
-- once; and, for X, the public link to the post. Web questions have neither.
alter table engage_questions
  add column external_id text check (length(external_id) between 1 and 100),
  add column external_url text check (external_url ~ '^https://[^[:space:]"<>]{1,200}$');
alter table engage_questions
  add constraint engage_questions_external_channel check (external_id is null or channel <> 'web'),
  add constraint engage_questions_url_needs_id check (external_url is null or external_id is not null);
create unique index engage_questions_external on engage_questions (channel, external_id) where external_id is not null;

-- Where the X poller is in the search for one query (e.g. "#EngageTheIG -is:retweet"):
-- since_id is the newest post fully taken in; while a pass pages through older posts,
-- next_token and the pass's newest id are kept so a restart continues where it stopped.
-- The lease lets one Sauti process poll at a time; an expired lease is taken over.
create table engage_x_cursors (
  query text primary key check (length(query) between 1 and 512),
  since_id bigint,
  pass_newest_id bigint,
  next_token text check (length(next_token) <= 512),
  lease_holder text,
  lease_until timestamptz,
  polled_at timestamptz
);
