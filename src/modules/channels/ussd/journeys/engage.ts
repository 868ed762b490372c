import { end, type Reply, type Step, type UssdContext } from '../engine.ts';

export const startAsking = (ctx: UssdContext): Reply => end(ctx.t('channels.ussd.expired'));

export const engageSteps: Record<string, Step> = {};
export const startSessions = (ctx: UssdContext): Reply => end(ctx.t('channels.ussd.expired'));
