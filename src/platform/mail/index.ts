export { queueMail, wakeMailDispatch, MAIL_DISPATCH_QUEUE, type MailToSend } from './outbox.ts';
export { dispatchMailDue, mailDispatchJob, mailRetryDelayMs, MAIL_MAX_ATTEMPTS } from './dispatch.ts';
export { readMailSettings, SmtpUrl, type MailSettings } from './settings.ts';
export {
  captureAt,
  startMailCapture,
  type CapturedMail,
  type MailCaptureOptions,
  type RunningMailCapture,
} from './capture.ts';
export { mailByKey, mailOutboxCounts, type OutboxMail } from './store.ts';
export { demoMailRoutes } from './demo-page.tsx';
