export { queueSms, queueSmsAll, queueSmsIn, wakeSmsDispatch, SMS_DISPATCH_QUEUE, type SmsToSend } from './outbox.ts';
export { dispatchDue, retryDelayMs, smsDispatchJob, smsGateway } from './dispatch.ts';
export { answerOf, atGateway, type GatewayAnswer, type SmsGateway } from './gateway.ts';
export { numberHash, openNumber, sealNumber } from './seal.ts';
export { AtApiKey, readSmsSettings, smsSettings, type SmsSettings } from './settings.ts';
export { messagesByKey, outboxCounts, recordDeliveryReport, type DeliveryReport, type OutboxMessage } from './store.ts';
