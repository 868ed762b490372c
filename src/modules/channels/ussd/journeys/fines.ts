import { end, type Reply, type Step, type UssdContext } from '../engine.ts';

export const startFine = (ctx: UssdContext): Reply => end(ctx.t('channels.ussd.expired'));

export const fineSteps: Record<string, Step> = {};
