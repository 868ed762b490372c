import { NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { sessionForIntake } from '../schedule/sessions.ts';
import { checkParticipant, refuseClosed, view } from '../shared.ts';
import { checkVoteActivity } from './service.ts';
import * as store from './store.ts';

export interface VoteResult {
  /** True when this call changed the vote (counted it, or took it back); false when it was already so. */
  changed: boolean;
  /** Whether the participant has a vote in the question's cluster now. */
  voted: boolean;
  sessionId: string;
  clusterId: string;
  askers: number;
  upvotes: number;
  weight: number;
}

/** The question to vote on (approved, in a session still open) and the participant's right to vote. */
async function voteTarget(
  platform: Platform,
  participantId: string,
  questionId: string,
  now: Date,
): Promise<store.QuestionRow> {
  checkParticipant(participantId);
  const question = await store.findQuestion(platform.db.pool, questionId);
  if (!question || question.status !== 'approved') throw new NotFound();
  const session = view((await sessionForIntake(platform, question.session_id))!, now);
  refuseClosed(session);
  await checkVoteActivity(platform, participantId, now);
  return question;
}

function voteResult(question: store.QuestionRow, outcome: store.VoteOutcome | undefined, voted: boolean): VoteResult {
  if (!outcome) throw new NotFound();
  const { changed, cluster_id: clusterId, askers, upvotes, weight } = outcome;
  return { changed, voted, sessionId: question.session_id, clusterId, askers, upvotes, weight };
}

/**
 * One upvote per participant per cluster: a vote through any question of a cluster counts once for
 * the whole cluster (`changed` is false when the participant had voted in it already).
 */
export async function upvote(
  platform: Platform,
  participantId: string,
  questionId: string,
  now = platform.clock.now(),
): Promise<VoteResult> {
  const question = await voteTarget(platform, participantId, questionId, now);
  return voteResult(question, await store.insertVote(platform.db.pool, question.id, participantId, now), true);
}

/** Takes back the participant's upvote in the question's cluster (`changed` is false when there was none). */
export async function removeUpvote(
  platform: Platform,
  participantId: string,
  questionId: string,
  now = platform.clock.now(),
): Promise<VoteResult> {
  const question = await voteTarget(platform, participantId, questionId, now);
  return voteResult(question, await store.deleteVote(platform.db.pool, question.id, participantId), false);
}
