import { Type, type Static } from 'typebox';
import type { AnswerRow, PublicCluster } from './store.ts';

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
