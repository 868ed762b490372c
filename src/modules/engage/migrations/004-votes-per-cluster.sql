-- #EngageTheIG: one upvote per person per cluster (near-duplicate questions grouped together),
-- not per question, so nobody counts twice by upvoting two questions of one group. Each vote
-- keeps the question it was cast through (that question's own count) and the cluster it counts
-- for; the key on (cluster, participant) refuses a second vote even from two requests at once.
-- When clusters are merged the votes move with their questions and a person's votes on both
-- collapse to the earlier one (see store.ts, mergeClusters).

alter table engage_votes add column cluster_id bigint references engage_clusters(id);

update engage_votes v set cluster_id = q.cluster_id from engage_questions q where q.id = v.question_id;

-- votes already cast twice in one cluster: the earliest is kept
delete from engage_votes v using engage_votes w
  where w.cluster_id = v.cluster_id and w.participant_id = v.participant_id
    and (w.at, w.question_id) < (v.at, v.question_id);

alter table engage_votes alter column cluster_id set not null;
alter table engage_votes drop constraint engage_votes_pkey;
alter table engage_votes add primary key (cluster_id, participant_id);
create index engage_votes_question on engage_votes (question_id);

-- the counts follow the votes that remain
update engage_questions q set upvotes = n.votes
  from (select q2.id, (select count(*)::int from engage_votes v where v.question_id = q2.id) as votes from engage_questions q2) n
  where n.id = q.id and q.upvotes <> n.votes;
update engage_clusters c set upvotes = n.votes
  from (select c2.id, (select coalesce(sum(q.upvotes), 0)::int from engage_questions q where q.cluster_id = c2.id and q.status = 'approved') as votes
        from engage_clusters c2) n
  where n.id = c.id and c.upvotes <> n.votes;
