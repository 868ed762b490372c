import { Type, type Static } from 'typebox';
import type { AnswerRow, PublicCluster } from './console/store.ts';
import type { VoteResult } from './questions/votes.ts';
import type { SessionView } from './shared.ts';

/** The public JSON of a session's parts, the same in the API and in live events. */

export const Cluster = Type.Object({
  id: Type.String(),
  questionId: Type.String({ description: 'the question shown for the cluster (vote on it)' }),
  text: Type.String({ description: 'phone numbers, ID numbers and e-mail addresses are masked' }),
  name: Type.Union([Type.String(), Type.Null()]),
  topic: Type.String(),
  askers: Type.Integer(),
  upvotes: Type.Integer(),
  weight: Type.Integer({ description: 'askers + upvotes' }),
  answered: Type.Boolean(),
  caseReferences: Type.Array(Type.String()),
  postUrl: Type.Union([Type.String(), Type.Null()], { description: 'the post on X the question came from' }),
});

export const Answer = Type.Object({
  id: Type.String(),
  clusterId: Type.String(),
  question: Type.Union([Type.String(), Type.Null()], { description: 'the first question of the cluster answered' }),
  text: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

export function clusterJson(c: PublicCluster): Static<typeof Cluster> {
  return {
    id: c.id,
    questionId: c.question_id,
    text: c.body,
    name: c.display_name,
    topic: c.topic,
    askers: c.askers,
    upvotes: c.upvotes,
    weight: c.weight,
    answered: c.answered,
    caseReferences: c.case_references ?? [],
    postUrl: c.external_url,
  };
}

export function answerJson(a: AnswerRow): Static<typeof Answer> {
  return { id: a.id, clusterId: a.cluster_id, question: a.question, text: a.body, at: a.at.toISOString() };
}

export const Vote = Type.Object({
  counted: Type.Boolean({
    description: 'true when this call changed the vote (counted it, or took it back); false when it was already so',
  }),
  voted: Type.Boolean({
    description:
      'whether this participant now has an upvote in the cluster (one per cluster, whichever of its questions it was cast through)',
  }),
  clusterId: Type.String(),
  askers: Type.Integer(),
  upvotes: Type.Integer({ description: "the cluster's upvotes now" }),
  weight: Type.Integer({ description: 'askers + upvotes' }),
});

export function voteJson(r: VoteResult): Static<typeof Vote> {
  return {
    counted: r.changed,
    voted: r.voted,
    clusterId: r.clusterId,
    askers: r.askers,
    upvotes: r.upvotes,
    weight: r.weight,
  };
}

export const SessionSummary = Type.Object({
  id: Type.String(),
  hashtag: Type.String(),
  state: Type.Union([Type.Literal('upcoming'), Type.Literal('live'), Type.Literal('ended'), Type.Literal('cancelled')]),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  moderation: Type.Union([Type.Literal('pre'), Type.Literal('post')]),
  questions: Type.Integer({ description: 'approved questions' }),
  answers: Type.Integer(),
});

export function sessionJson(s: SessionView): Static<typeof SessionSummary> {
  return {
    id: s.id,
    hashtag: s.hashtag,
    state: s.state,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    moderation: s.moderation,
    questions: s.question_count,
    answers: s.answer_count,
  };
}

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  }),
});
