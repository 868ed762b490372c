import { DomainError } from '../../../../platform/http/errors.ts';
import { stationsByTyping } from '../../../../platform/db/reference-store.ts';
import { formatReceipt, reportCategories, submitReport } from '../../../reports/index.ts';
import {
  con,
  end,
  fit,
  lines,
  listPage,
  numbered,
  readPick,
  type Reply,
  type Step,
  type StepData,
  type UssdContext,
} from '../engine.ts';
import { again, mainMenu } from '../main-menu.ts';

// 1. Report police misconduct: category, county, station (by a few letters of its name), what happened, anonymous
// or this number, then the receipt code (and by SMS, if wanted).

/** What fits one answer on a phone's USSD keypad screen. */
export const USSD_DESCRIPTION_MAX = 150;

const categoryName = (ctx: UssdContext, code: string) => ctx.t(`channels.ussd.category.${code}`);

function categories(ctx: UssdContext, data: StepData, page = 0): Reply {
  const shown = listPage(
    ctx.t,
    ctx.t('channels.ussd.report.category'),
    reportCategories.map((c) => categoryName(ctx, c)),
    page,
  );
  return con(shown.text, 'report.category', { ...data, page });
}

const countyPrompt = (ctx: UssdContext, data: StepData, note?: string) =>
  con(lines(note, ctx.t('channels.ussd.report.county')), 'report.county', data);

const stationPrompt = (ctx: UssdContext, data: StepData, note?: string) =>
  con(lines(note, ctx.t('channels.ussd.report.station')), 'report.station', data);

const whatPrompt = (ctx: UssdContext, data: StepData) =>
  con(ctx.t('channels.ussd.report.what', { max: USSD_DESCRIPTION_MAX }), 'report.what', data);

const contactPrompt = (ctx: UssdContext, data: StepData) =>
  con(
    lines(
      ctx.t('channels.ussd.report.contact'),
      numbered([ctx.t('channels.ussd.report.anonymous'), ctx.t('channels.ussd.report.thisNumber')]),
    ),
    'report.contact',
    data,
  );

export const startReport = (ctx: UssdContext): Reply => categories(ctx, {});

function matchingCounties(ctx: UssdContext, typed: string) {
  const prefix = typed.toLowerCase();
  return ctx.platform.config.jurisdiction.counties.filter((c) =>
    c.name
      .toLowerCase()
      .split(/[\s-]+/)
      .some((word) => word.startsWith(prefix)),
  );
}

function confirm(ctx: UssdContext, data: StepData): Reply {
  const summary = ctx.t('channels.ussd.report.summary', {
    category: categoryName(ctx, String(data.category)),
    station: String(data.stationName ?? data.countyName),
  });
  return con(
    lines(fit(summary, 100), numbered([ctx.t('channels.ussd.report.send')]), `0 ${ctx.t('channels.ussd.cancel')}`),
    'report.confirm',
    data,
  );
}

const pickCategory: Step = (ctx, data, input) => {
  const page = Number(data.page ?? 0);
  const shown = listPage(ctx.t, '', reportCategories, page);
  const pick = readPick(input, shown);
  if (pick.kind === 'more') return categories(ctx, data, page + 1);
  if (pick.kind === 'back') return page > 0 ? categories(ctx, data, page - 1) : mainMenu(ctx);
  if (pick.kind === 'bad') return again(ctx, categories(ctx, data, page));
  return countyPrompt(ctx, { category: reportCategories[pick.index] });
};

const typeCounty: Step = (ctx, data, input) => {
  if (input === '0') return categories(ctx, data, 0);
  const found = input.length >= 2 ? matchingCounties(ctx, input) : [];
  if (found.length === 0)
    return countyPrompt(ctx, data, ctx.t('channels.ussd.report.noCounty', { typed: fit(input, 20) }));
  return countyList(ctx, { ...data, typed: input, page: 0 });
};

function countyList(ctx: UssdContext, data: StepData): Reply {
  const found = matchingCounties(ctx, String(data.typed));
  const shown = listPage(
    ctx.t,
    ctx.t('channels.ussd.report.pickCounty'),
    found.map((c) => c.name),
    Number(data.page),
  );
  return con(shown.text, 'report.countyPick', data);
}

const pickCounty: Step = (ctx, data, input) => {
  const found = matchingCounties(ctx, String(data.typed));
  const page = Number(data.page ?? 0);
  const pick = readPick(
    input,
    listPage(
      ctx.t,
      ctx.t('channels.ussd.report.pickCounty'),
      found.map((c) => c.name),
      page,
    ),
  );
  if (pick.kind === 'more') return countyList(ctx, { ...data, page: page + 1 });
  if (pick.kind === 'back') return page > 0 ? countyList(ctx, { ...data, page: page - 1 }) : countyPrompt(ctx, data);
  if (pick.kind === 'bad') return again(ctx, countyList(ctx, data));
  const county = found[pick.index]!;
  return stationPrompt(ctx, { category: data.category, county: county.code, countyName: county.name });
};

async function stationsFor(ctx: UssdContext, data: StepData) {
  return stationsByTyping(ctx.platform.db.pool, String(data.county), String(data.typed));
}

async function stationList(ctx: UssdContext, data: StepData): Promise<Reply> {
  const found = await stationsFor(ctx, data);
  const shown = listPage(
    ctx.t,
    ctx.t('channels.ussd.report.pickStation'),
    found.map((s) => s.name),
    Number(data.page),
  );
  return con(shown.text, 'report.stationPick', data);
}

const typeStation: Step = async (ctx, data, input) => {
  if (input === '0') return whatPrompt(ctx, data);
  if (input.length < 2) return stationPrompt(ctx, data);
  const next = { ...data, typed: input, page: 0 };
  if ((await stationsFor(ctx, next)).length === 0)
    return stationPrompt(ctx, data, ctx.t('channels.ussd.report.noStation', { typed: fit(input, 20) }));
  return stationList(ctx, next);
};

const pickStation: Step = async (ctx, data, input) => {
  const found = await stationsFor(ctx, data);
  const page = Number(data.page ?? 0);
  const pick = readPick(
    input,
    listPage(
      ctx.t,
      ctx.t('channels.ussd.report.pickStation'),
      found.map((s) => s.name),
      page,
    ),
  );
  if (pick.kind === 'more') return stationList(ctx, { ...data, page: page + 1 });
  if (pick.kind === 'back') return page > 0 ? stationList(ctx, { ...data, page: page - 1 }) : stationPrompt(ctx, data);
  if (pick.kind === 'bad') return again(ctx, await stationList(ctx, data));
  const station = found[pick.index]!;
  const { typed: _typed, page: _page, ...kept } = data;
  return whatPrompt(ctx, { ...kept, station: station.id, stationName: station.name });
};

const describe: Step = (ctx, data, input) => {
  if (input.length < 5) return whatPrompt(ctx, data);
  return contactPrompt(ctx, { ...data, what: input.slice(0, USSD_DESCRIPTION_MAX) });
};

const contact: Step = (ctx, data, input) => {
  if (input === '1') return confirm(ctx, { ...data, anonymous: true });
  if (input === '2')
    return con(
      lines(
        ctx.t('channels.ussd.report.smsReceipt'),
        numbered([ctx.t('channels.ussd.yes'), ctx.t('channels.ussd.no')]),
      ),
      'report.sms',
      { ...data, anonymous: false },
    );
  return again(ctx, contactPrompt(ctx, data));
};

const smsReceipt: Step = (ctx, data, input) => {
  if (input !== '1' && input !== '2') return contactPrompt(ctx, data);
  return confirm(ctx, { ...data, sms: input === '1' });
};

const send: Step = async (ctx, data, input) => {
  if (input === '0') return end(ctx.t('channels.ussd.report.cancelled'));
  if (input !== '1') return again(ctx, confirm(ctx, data));
  try {
    const submitted = await submitReport(
      ctx.platform,
      {
        category: String(data.category),
        description: String(data.what),
        county: String(data.county),
        ...(data.station ? { station: String(data.station) } : {}),
        anonymous: data.anonymous !== false,
        ...(data.anonymous === false ? { contactPhone: ctx.phone } : {}),
        language: ctx.language,
      },
      'ussd',
      [],
      { smsReceipt: data.sms === true },
    );
    const receipt = formatReceipt(submitted.receipt);
    return end(ctx.t('channels.ussd.report.received', { receipt }));
  } catch (error) {
    if (error instanceof DomainError) return end(ctx.t('channels.ussd.report.refused'));
    throw error;
  }
};

export const reportSteps: Record<string, Step> = {
  'report.category': pickCategory,
  'report.county': typeCounty,
  'report.countyPick': pickCounty,
  'report.station': typeStation,
  'report.stationPick': pickStation,
  'report.what': describe,
  'report.contact': contact,
  'report.sms': smsReceipt,
  'report.confirm': send,
};
