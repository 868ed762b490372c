import { BadInput, Conflict, NotFound } from '../../../../platform/http/errors.ts';
import { formatMoney } from '../../../../platform/i18n/index.ts';
import { formatDate } from '../../../../platform/time/index.ts';
import {
  checkNotice,
  payCheckedByStk,
  printedNoticeNumber,
  readNoticeNumber,
  stkPushAvailable,
  type NoticeCheck,
} from '../../../fines/index.ts';
import { con, end, lines, numbered, type Reply, type Step, type StepData, type UssdContext } from '../engine.ts';
import { again, mainMenu } from '../main-menu.ts';
import { fitting } from './check.ts';

// 4. Check a traffic notice by its number and the vehicle's number plate (as the web's check does), and pay an
// unpaid one by an M-Pesa push to the dialling phone. A notice that does not match answers as an unknown one, and
// three of them end the session, so that plates cannot be fished for.

const WRONG_TRIES_ALLOWED = 3;

type Prompt = (ctx: UssdContext, data: StepData, note?: string) => Reply;

const say = (ctx: UssdContext, key: string, params?: Record<string, string | number>) =>
  ctx.t(`channels.ussd.fine.${key}`, params);

const numberPrompt: Prompt = (ctx, data, note) => con(lines(note, say(ctx, 'number')), 'fine.number', data);
const platePrompt: Prompt = (ctx, data, note) => con(lines(note, say(ctx, 'plate')), 'fine.plate', data);

export const startFine = (ctx: UssdContext): Reply => numberPrompt(ctx, {});

const counted = (data: StepData): StepData => (data.wrong === undefined ? {} : { wrong: data.wrong });

const typeNumber: Step = (ctx, data, input) => {
  if (input === '0') return mainMenu(ctx);
  const number = readNoticeNumber(input);
  if (number) return platePrompt(ctx, { ...counted(data), number });
  // ten digits that fail the check digit: a digit mistyped or two swapped
  const typo = /^[0-9]{10}$/.test(input.replace(/[\s.-]/g, ''));
  return numberPrompt(ctx, data, say(ctx, typo ? 'typo' : 'badNumber'));
};

const money = (ctx: UssdContext, cents: number) =>
  formatMoney(ctx.language, cents, ctx.platform.config.jurisdiction.currency);

/** The notice's screen: headed by its number and station (cut to fit), then what it says. */
const headed = (ctx: UssdContext, check: NoticeCheck, body: string) =>
  fitting(
    (station) => lines(say(ctx, 'head', { number: printedNoticeNumber(check.number), station }), body),
    check.stationName,
  );

function noticeScreen(ctx: UssdContext, check: NoticeCheck, registration: string): Reply {
  const balance = Math.max(0, check.amountCents - check.paidCents);
  if (check.status !== 'unpaid' || balance === 0) {
    const status = check.status === 'unpaid' ? 'paid' : check.status;
    return end(headed(ctx, check, say(ctx, `status.${status}`)));
  }
  const zone = ctx.platform.config.jurisdiction.timeZone;
  const due = say(ctx, 'unpaid', { amount: money(ctx, balance), due: formatDate(ctx.language, check.dueAt, zone) });
  if (!stkPushAvailable(ctx.platform))
    return end(headed(ctx, check, lines(due, say(ctx, 'noStk', { paybill: check.paybill, account: check.number }))));
  return con(
    headed(ctx, check, lines(due, numbered([say(ctx, 'pay')]), `0 ${ctx.t('channels.ussd.menu.back')}`)),
    'fine.pay',
    { number: check.number, registration, balance, paybill: check.paybill },
  );
}

/** The notice by what was typed; undefined when none matches, null when the plate cannot be one. */
async function noticeFor(ctx: UssdContext, number: string, registration: string) {
  try {
    return await checkNotice(ctx.platform, { number, registration });
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    return null;
  }
}

const typePlate: Step = async (ctx, data, input) => {
  if (input === '0') return numberPrompt(ctx, counted(data));
  const check = await noticeFor(ctx, String(data.number), input);
  if (check === null) return platePrompt(ctx, data, say(ctx, 'badPlate'));
  if (!check) {
    const wrong = Number(data.wrong ?? 0) + 1;
    if (wrong >= WRONG_TRIES_ALLOWED) return end(say(ctx, 'tooMany'));
    return platePrompt(ctx, { ...data, wrong }, say(ctx, 'notFound'));
  }
  return noticeScreen(ctx, check, input);
};

const pay: Step = async (ctx, data, input) => {
  if (input === '0') return mainMenu(ctx);
  const number = String(data.number);
  const registration = String(data.registration);
  if (input !== '1') {
    const check = await noticeFor(ctx, number, registration);
    return check ? again(ctx, noticeScreen(ctx, check, registration)) : end(say(ctx, 'notFound'));
  }
  const elsewhere = { paybill: String(data.paybill), account: number };
  try {
    await payCheckedByStk(ctx.platform, { number, registration }, ctx.phone);
    return end(say(ctx, 'pushed', { amount: money(ctx, Number(data.balance)), paybill: elsewhere.paybill }));
  } catch (error) {
    if (error instanceof BadInput) return end(say(ctx, 'phoneCannot', elsewhere));
    if (error instanceof NotFound) return end(say(ctx, 'notFound'));
    if (!(error instanceof Conflict)) throw error;
    // paid or contested meanwhile: say so; else M-Pesa did not take it
    const check = await noticeFor(ctx, number, registration);
    return check && check.status !== 'unpaid'
      ? noticeScreen(ctx, check, registration)
      : end(say(ctx, 'notTaken', elsewhere));
  }
};

export const fineSteps: Record<string, Step> = {
  'fine.number': typeNumber,
  'fine.plate': typePlate,
  'fine.pay': pay,
};
