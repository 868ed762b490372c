/** #EngageTheIG's public face: what other modules (insights, channels) may use. */
export {
  askQuestion,
  upvote,
  overview,
  publicCommitments,
  sessionPage,
  ensureSessions,
  isParticipantId,
  channels,
  topicCodes,
  type Channel,
  type AskedQuestion,
  type QuestionInput,
  type SessionView,
  type Overview,
} from './service.ts';
export { sessionState, type SessionState } from './schedule.ts';
export { maskPersonalDetails, detectTopic } from './text.ts';
export type { CommitmentRow, PublicCluster } from './store.ts';
