/** #EngageTheIG's public face: what code outside the module (tests, the bench, scripts) uses. */
export { askQuestion, type AskedQuestion, type QuestionInput } from './questions/service.ts';
export { createOneOffSession, createSeries } from './schedule/series.ts';
export { setSessionLive } from './schedule/service.ts';
export { generateSessions } from './schedule/generation.ts';
export { postAnswer } from './console/service.ts';
export { sessionFeed } from './live.ts';
export { addDays, localDate, localTime, weekday, zonedToUtc, sessionState, type SessionState } from './schedule.ts';
export {
  askByUssd,
  sessionForQuestions,
  sessionsAtAGlance,
  type PromiseAtAGlance,
  type SessionForPhone,
  type SessionsAtAGlance,
  type UssdAsked,
} from './channels/ussd.ts';
export { forgetEndedReplyNumbers } from './schedule/generation.ts';
export { guessLanguage } from './channels/intake.ts';
export { readCallback as readIncomingSms, receiveSms, type IncomingSms, type SmsReceipt } from './channels/sms.ts';
