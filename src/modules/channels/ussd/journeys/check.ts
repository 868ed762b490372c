import { end, type Reply, type Step, type UssdContext } from '../engine.ts';

export const startCheck = (ctx: UssdContext): Reply => end(ctx.t('channels.ussd.expired'));

export const checkSteps: Record<string, Step> = {};
