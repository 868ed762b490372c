/** The channels module's public face. */
export { channelsModule } from './module.ts';
export { callbackToken, callbackUrls, USSD_PATH, DELIVERY_REPORTS_PATH, INCOMING_SMS_PATH } from './callbacks.ts';
