import { DomainError, NotFound } from '../../../../platform/http/errors.ts';
import { reportAtAGlance, replyByReceipt } from '../../../reports/index.ts';
import { con, end, fit, lines, numbered, type Reply, type Step, type StepData, type UssdContext } from '../engine.ts';
import { mainMenu } from '../main-menu.ts';

// 2. Follow a report with its receipt code: the case's status, the latest message from the investigator, and a
// short reply. Three wrong codes end the session (as the web's follow page is rate-limited).

const WRONG_CODES_ALLOWED = 3;
export const USSD_REPLY_MAX = 150;

const codePrompt = (ctx: UssdContext, data: StepData, note?: string) =>
  con(lines(note, ctx.t('channels.ussd.follow.code')), 'follow.code', data);

export const startFollow = (ctx: UssdContext): Reply => codePrompt(ctx, {});

const digitsOf = (input: string) => input.replace(/\D/g, '');

async function status(ctx: UssdContext, receipt: string): Promise<Reply> {
  const glance = await reportAtAGlance(ctx.platform, receipt);
  const head = ctx.t('channels.ussd.follow.status', {
    reference: glance.reference,
    status: ctx.t(`channels.ussd.status.${glance.status}`),
  });
  const latest = glance.latest
    ? fit(ctx.t('channels.ussd.follow.latest', { message: glance.latest.body }), 160 - head.length - 30)
    : ctx.t('channels.ussd.follow.noMessage');
  return con(
    lines(head, latest, numbered([ctx.t('channels.ussd.follow.reply')]), `0 ${ctx.t('channels.ussd.menu.back')}`),
    'follow.status',
    { receipt },
  );
}

const readCode: Step = async (ctx, data, input) => {
  if (input === '0') return mainMenu(ctx);
  const receipt = digitsOf(input);
  try {
    return await status(ctx, receipt);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    const wrong = Number(data.wrong ?? 0) + 1;
    if (wrong >= WRONG_CODES_ALLOWED) return end(ctx.t('channels.ussd.follow.tooMany'));
    return codePrompt(ctx, { wrong }, ctx.t('channels.ussd.follow.notFound'));
  }
};

const afterStatus: Step = (ctx, data, input) => {
  if (input === '1') return con(ctx.t('channels.ussd.follow.typeReply', { max: USSD_REPLY_MAX }), 'follow.reply', data);
  return mainMenu(ctx);
};

const sendReply: Step = async (ctx, data, input) => {
  if (input === '0' || input.length === 0) return status(ctx, String(data.receipt));
  try {
    await replyByReceipt(ctx.platform, String(data.receipt), input.slice(0, USSD_REPLY_MAX));
    return end(ctx.t('channels.ussd.follow.replied'));
  } catch (error) {
    if (error instanceof DomainError) return end(ctx.t('channels.ussd.follow.notSent'));
    throw error;
  }
};

export const followSteps: Record<string, Step> = {
  'follow.code': readCode,
  'follow.status': afterStatus,
  'follow.reply': sendReply,
};
