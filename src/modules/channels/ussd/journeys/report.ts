import { DomainError } from '../../../../platform/http/errors.ts';
import { stationsByTyping, type StationRow } from '../../../../platform/db/reference-store.ts';
import { formatReceipt, reportCategories, submitReport } from '../../../reports/index.ts';
import {
  con,
  end,
  fit,
  lines,
  numbered,
  readList,
  showList,
  type PagedList,
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

const categoryList = (ctx: UssdContext): PagedList<string> => ({
  step: 'report.category',
  title: ctx.t('channels.ussd.report.category'),
  items: reportCategories,
  label: (code) => categoryName(ctx, code),
});

const categories = (ctx: UssdContext, data: StepData): Reply => showList(ctx, categoryList(ctx), { ...data, page: 0 });

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

const pickCategory: Step = (ctx, data, input) =>
  readList(ctx, categoryList(ctx), data, input, {
    back: () => mainMenu(ctx),
    picked: (category) => countyPrompt(ctx, { category }),
  });

const typeCounty: Step = (ctx, data, input) => {
  if (input === '0') return categories(ctx, {});
  const found = input.length >= 2 ? matchingCounties(ctx, input) : [];
  if (found.length === 0)
    return countyPrompt(ctx, data, ctx.t('channels.ussd.report.noCounty', { typed: fit(input, 20) }));
  return showList(ctx, countyList(ctx, input), { ...data, typed: input, page: 0 });
};

const countyList = (ctx: UssdContext, typed: string): PagedList<{ code: string; name: string }> => ({
  step: 'report.countyPick',
  title: ctx.t('channels.ussd.report.pickCounty'),
  items: matchingCounties(ctx, typed),
  label: (county) => county.name,
});

const pickCounty: Step = (ctx, data, input) =>
  readList(ctx, countyList(ctx, String(data.typed)), data, input, {
    back: () => countyPrompt(ctx, data),
    picked: (county) => stationPrompt(ctx, { category: data.category, county: county.code, countyName: county.name }),
  });

async function stationList(ctx: UssdContext, data: StepData): Promise<PagedList<StationRow>> {
  return {
    step: 'report.stationPick',
    title: ctx.t('channels.ussd.report.pickStation'),
    items: await stationsByTyping(ctx.platform.db.pool, String(data.county), String(data.typed)),
    label: (station) => station.name,
  };
}

const typeStation: Step = async (ctx, data, input) => {
  if (input === '0') return whatPrompt(ctx, data);
  if (input.length < 2) return stationPrompt(ctx, data);
  const next = { ...data, typed: input, page: 0 };
  const list = await stationList(ctx, next);
  if (list.items.length === 0)
    return stationPrompt(ctx, data, ctx.t('channels.ussd.report.noStation', { typed: fit(input, 20) }));
  return showList(ctx, list, next);
};

const pickStation: Step = async (ctx, data, input) =>
  readList(ctx, await stationList(ctx, data), data, input, {
    back: () => stationPrompt(ctx, data),
    picked: (station) => {
      const { typed: _typed, page: _page, ...kept } = data;
      return whatPrompt(ctx, { ...kept, station: station.id, stationName: station.name });
    },
  });

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
