export { atSimCommand, atSimUsage } from './command.ts';
export { phoneCommand, phoneUsage, frameScreen } from './phone-command.ts';
export { UssdPhone, type Screen, type TranscriptEntry, type UssdPhoneOptions } from './phone.ts';
export {
  AT_STATUS_CODES,
  DELIVERED_OUTCOME,
  SMS_OUTCOMES,
  outcomeFor,
  type ReportStatus,
  type ReportStep,
  type SmsOutcome,
} from './outcomes.ts';
export { smsLength, type SmsLength } from './sms-text.ts';
export { AT_SIM_DEFAULTS, startAtSim, type AtSimOptions, type RunningAtSim } from './run.ts';
export type { SentReport, SimMessage } from './messaging.ts';
export type { IncomingResult, IncomingSms } from './incoming.ts';
export type { Delivery } from './outbound.ts';
