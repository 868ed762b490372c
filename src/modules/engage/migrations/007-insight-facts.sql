-- The read models #EngageTheIG publishes for insights: questions by session and channel (answered when their
-- cluster was answered; urgent when the IG opened a case from one) and the commitments made in answers.
create view engage_question_facts as
  select q.id, q.session_id, s.hashtag, s.starts_at, q.channel, q.status, q.case_id, a.cluster_id is not null as answered
  from engage_questions q join engage_sessions s on s.id = q.session_id
  left join (select distinct cluster_id from engage_answers) a on a.cluster_id = q.cluster_id;

create view engage_commitment_facts as
  select c.id, c.session_id, s.hashtag, s.starts_at as session_at, c.body, c.unit_code, c.created_at, c.due_at,
    c.done_at, c.done_note
  from engage_commitments c join engage_sessions s on s.id = c.session_id;
