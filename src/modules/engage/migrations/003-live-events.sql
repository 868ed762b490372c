-- What changed in a session, for live viewers: written by triggers in the same transaction as the
-- change itself (so no write path can forget it, and nothing is announced that did not commit),
-- announced by NOTIFY to every Sauti process. Each row says only what changed; the process reads
-- the current public state of that thing once and sends it to all its viewers. Kept a day.
create table engage_events (
  id bigserial primary key,
  session_id bigint not null,
  -- 'queue' (a question to moderate, or a decision) goes to moderators only
  kind text not null check (kind in ('cluster', 'answer', 'answering', 'session', 'queue')),
  ref_id bigint,
  at timestamptz not null default now()
);
create index engage_events_session on engage_events (session_id, id);
create index engage_events_at on engage_events (at);

create function engage_event(p_session bigint, p_kind text, p_ref bigint) returns void language plpgsql as $$
begin
  insert into engage_events (session_id, kind, ref_id) values (p_session, p_kind, p_ref);
  -- one notification per transaction: identical payloads are folded together
  perform pg_notify('engage_events', '');
end $$;

-- A question approved, rejected after approval, moved, or linked to a case changes its cluster's public face;
-- a question arriving or decided changes the moderators' queue.
create function engage_question_event() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or old.status is distinct from new.status then
    perform engage_event(new.session_id, 'queue', null);
  end if;
  if tg_op = 'INSERT' then
    if new.status = 'approved' then perform engage_event(new.session_id, 'cluster', new.cluster_id); end if;
  elsif (old.status = 'approved' or new.status = 'approved')
        and (old.status is distinct from new.status or old.case_id is distinct from new.case_id
             or old.topic is distinct from new.topic or old.cluster_id is distinct from new.cluster_id) then
    perform engage_event(new.session_id, 'cluster', new.cluster_id);
    if old.cluster_id is distinct from new.cluster_id then perform engage_event(old.session_id, 'cluster', old.cluster_id); end if;
  end if;
  return null;
end $$;
create trigger engage_questions_event after insert or update on engage_questions
  for each row execute function engage_question_event();

-- Askers, upvotes and merges.
create function engage_cluster_event() returns trigger language plpgsql as $$
begin
  if old.askers is distinct from new.askers or old.upvotes is distinct from new.upvotes or old.merged_into is distinct from new.merged_into then
    perform engage_event(new.session_id, 'cluster', new.id);
  end if;
  return null;
end $$;
create trigger engage_clusters_event after update on engage_clusters
  for each row execute function engage_cluster_event();

create function engage_answer_event() returns trigger language plpgsql as $$
begin
  perform engage_event(new.session_id, 'answer', new.id);
  return null;
end $$;
create trigger engage_answers_event after insert on engage_answers
  for each row execute function engage_answer_event();

-- "Answering now", and the session's state (live, ended, postponed, cancelled).
create function engage_session_event() returns trigger language plpgsql as $$
begin
  if old.answering_cluster_id is distinct from new.answering_cluster_id then
    perform engage_event(new.id, 'answering', new.answering_cluster_id);
  end if;
  if old.status is distinct from new.status or old.went_live_at is distinct from new.went_live_at
     or old.ended_at is distinct from new.ended_at or old.starts_at is distinct from new.starts_at
     or old.ends_at is distinct from new.ends_at then
    perform engage_event(new.id, 'session', null);
  end if;
  return null;
end $$;
create trigger engage_sessions_event after update on engage_sessions
  for each row execute function engage_session_event();
