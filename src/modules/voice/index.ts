/**
 * Officer Voice's public face: officers' letters to the IG's office (written, read, acknowledged,
 * assigned, decided), their rules and limits, and the clock that escalates them.
 */
export {
  assignableKinds,
  assignableUnits,
  grievanceTopics,
  MAX_ATTACHMENTS,
  MAX_BODY,
  MAX_NAMED,
  MAX_REASONS,
  MAX_REVEAL_REASON,
  MAX_SUBJECT,
  protectableKinds,
  resignationOutcomes,
  voiceKinds,
} from './letter.ts';
export { submit, submissionDigest, type SubmissionInput, type Submitted } from './submit.ts';
export { acceptAttachment, attachmentOf } from './attachments.ts';
export { inbox, letterOfCase, mySubmissions, storedHash, viewSubmission, type SubmissionView } from './view.ts';
export { acknowledge, assignToUnit, revealIdentity } from './handling.ts';
export { decideResignation, withdrawResignation, type DecisionInput } from './resignation.ts';
export { escalateDue, escalationSteps, VOICE_CLOCK_QUEUE, VOICE_SWEEP_QUEUE } from './escalation.ts';
export type { EscalationStep, SubmissionRow, VoiceKind } from './store.ts';
