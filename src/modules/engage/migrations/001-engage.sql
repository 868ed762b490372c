-- #EngageTheIG: live public sessions with the Inspector General. Times are UTC; series times are
-- local to the series' zone. Answers, moderation decisions and notices are append-only.

-- A recurring schedule: every interval_weeks from first_date at start_time (local), for duration_minutes.
create table engage_series (
  id bigserial primary key,
  hashtag text not null check (hashtag ~ '^#[A-Za-z0-9_]{1,60}$'),
  first_date date not null,
  interval_weeks integer not null default 2 check (interval_weeks between 1 and 8),
  start_time time not null,
  duration_minutes integer not null check (duration_minutes between 15 and 480),
  time_zone text not null,
  moderation text not null default 'pre' check (moderation in ('pre', 'post')),
  created_at timestamptz not null default now(),
  created_by bigint references users(id)
);

-- Concrete sessions: generated from a series (keyed by occurrence, so generation is idempotent) or one-off.
create table engage_sessions (
  id bigserial primary key,
  series_id bigint references engage_series(id),
  occurrence integer,
  hashtag text not null check (hashtag ~ '^#[A-Za-z0-9_]{1,60}$'),
  -- the slot the schedule gave it; starts_at moves when the session is postponed
  scheduled_at timestamptz not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  moderation text not null default 'pre' check (moderation in ('pre', 'post')),
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  went_live_at timestamptz,
  ended_at timestamptz,
  -- the cluster the IG is answering now (shown highlighted on the live page)
  answering_cluster_id bigint,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check ((series_id is null) = (occurrence is null)),
  unique (series_id, occurrence)
);
create index engage_sessions_starts on engage_sessions (starts_at);

-- Public notices of a session (postponed, cancelled), kept as they were published.
create table engage_session_notices (
  id bigserial primary key,
  session_id bigint not null references engage_sessions(id),
  kind text not null check (kind in ('postponed', 'cancelled')),
  body text not null check (length(body) between 1 and 1000),
  from_starts_at timestamptz,
  to_starts_at timestamptz,
  actor_id bigint references users(id),
  actor_label text not null,
  at timestamptz not null default now()
);
create index engage_session_notices_session on engage_session_notices (session_id, id);

-- People taking part: a random id from a signed cookie (or a channel's own key later); never an address.
create table engage_participants (
  id text primary key check (length(id) between 16 and 80),
  created_at timestamptz not null default now(),
  banned_at timestamptz,
  -- internal, never shown publicly
  banned_reason text,
  banned_by bigint references users(id)
);

-- Near-duplicate questions of one session grouped together; tokens are the representative token set.
create table engage_clusters (
  id bigserial primary key,
  session_id bigint not null references engage_sessions(id),
  tokens text[] not null,
  -- distinct participants with an approved question in the cluster, and upvotes on those questions
  askers integer not null default 0,
  upvotes integer not null default 0,
  weight integer generated always as (askers + upvotes) stored,
  merged_into bigint references engage_clusters(id),
  created_at timestamptz not null default now()
);
create index engage_clusters_session on engage_clusters (session_id, id) where merged_into is null;
create index engage_clusters_weight on engage_clusters (session_id, weight desc) where merged_into is null and askers > 0;

alter table engage_sessions add foreign key (answering_cluster_id) references engage_clusters(id);

-- Questions as shown: phone numbers, ID numbers and e-mail addresses are masked before storing;
-- the unmasked text is never kept.
create table engage_questions (
  id bigserial primary key,
  session_id bigint not null references engage_sessions(id),
  cluster_id bigint not null references engage_clusters(id),
  participant_id text not null references engage_participants(id),
  channel text not null check (channel in ('web', 'sms', 'x')),
  display_name text check (length(display_name) <= 60),
  body text not null check (length(body) between 1 and 500),
  masked_count integer not null default 0,
  language text not null default 'en',
  topic text not null,
  status text not null check (status in ('pending', 'approved', 'rejected')),
  upvotes integer not null default 0,
  -- the case opened when the IG flagged it for urgent attention
  case_id bigint unique references cases(id),
  case_reference text,
  created_at timestamptz not null default now(),
  check ((case_id is null) = (case_reference is null))
);
create index engage_questions_session on engage_questions (session_id, status, id);
create index engage_questions_cluster on engage_questions (cluster_id, participant_id) where status = 'approved';
create index engage_questions_participant on engage_questions (participant_id, created_at);

create table engage_votes (
  question_id bigint not null references engage_questions(id),
  participant_id text not null references engage_participants(id),
  at timestamptz not null default now(),
  primary key (question_id, participant_id)
);
create index engage_votes_participant on engage_votes (participant_id, at);

-- Every moderation decision, with its internal reason; append-only.
create table engage_moderation (
  id bigserial primary key,
  session_id bigint not null references engage_sessions(id),
  question_id bigint references engage_questions(id),
  cluster_id bigint references engage_clusters(id),
  participant_id text references engage_participants(id),
  action text not null check (action in ('approve', 'reject', 'topic', 'merge', 'ban', 'mode')),
  reason text,
  detail jsonb not null default '{}',
  actor_id bigint references users(id),
  actor_label text not null,
  at timestamptz not null default now()
);
create index engage_moderation_session on engage_moderation (session_id, id);

-- The IG's answers, published as written; append-only.
create table engage_answers (
  id bigserial primary key,
  session_id bigint not null references engage_sessions(id),
  cluster_id bigint not null references engage_clusters(id),
  body text not null check (length(body) between 1 and 2000),
  actor_id bigint references users(id),
  actor_label text not null,
  at timestamptz not null default now()
);
create index engage_answers_session on engage_answers (session_id, id);

-- Promises made in answers: who will do what by when; marked done once, with what was done.
create table engage_commitments (
  id bigserial primary key,
  session_id bigint not null references engage_sessions(id),
  answer_id bigint not null references engage_answers(id),
  body text not null check (length(body) between 1 and 500),
  unit_code text not null references units(code),
  due_at timestamptz not null,
  created_at timestamptz not null default now(),
  done_at timestamptz,
  done_note text check (length(done_note) <= 1000),
  done_by bigint references users(id),
  check ((done_at is null) = (done_note is null))
);
create index engage_commitments_due on engage_commitments (due_at) where done_at is null;

-- A commitment may be marked done once; what was promised, by whom and by when never changes.
create function engage_commitment_guard() returns trigger language plpgsql as $$
begin
  if old.done_at is not null
     or new.body is distinct from old.body or new.unit_code is distinct from old.unit_code
     or new.due_at is distinct from old.due_at or new.answer_id is distinct from old.answer_id
     or new.session_id is distinct from old.session_id or new.created_at is distinct from old.created_at then
    raise exception 'engage_commitments: only marking an open commitment done is allowed' using errcode = '42501';
  end if;
  return new;
end $$;

create trigger engage_commitments_guard before update on engage_commitments
  for each row execute function engage_commitment_guard();
create trigger engage_commitments_no_delete before delete on engage_commitments
  for each row execute function refuse_change();
create trigger engage_answers_append_only before update or delete on engage_answers
  for each row execute function refuse_change();
create trigger engage_moderation_append_only before update or delete on engage_moderation
  for each row execute function refuse_change();
create trigger engage_session_notices_append_only before update or delete on engage_session_notices
  for each row execute function refuse_change();
create trigger engage_answers_no_truncate before truncate on engage_answers
  for each statement execute function refuse_change();
create trigger engage_moderation_no_truncate before truncate on engage_moderation
  for each statement execute function refuse_change();
create trigger engage_session_notices_no_truncate before truncate on engage_session_notices
  for each statement execute function refuse_change();
create trigger engage_commitments_no_truncate before truncate on engage_commitments
  for each statement execute function refuse_change();
