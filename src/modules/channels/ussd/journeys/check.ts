import { stationsByTyping, type StationRow } from '../../../../platform/db/reference-store.ts';
import { BadInput } from '../../../../platform/http/errors.ts';
import { formatDate, formatDateTime } from '../../../../platform/time/index.ts';
import { checkWithCode, normaliseDocumentNumber, type CodeCheck } from '../../../documents/index.ts';
import { checkSlip, formatObNumber, normaliseCode, parseObNumber, type SlipCheck } from '../../../ob/index.ts';
import {
  con,
  end,
  fit,
  lines,
  numbered,
  readList,
  showList,
  type PagedList,
  SCREEN_MAX,
  type Reply,
  type Step,
  type StepData,
  type UssdContext,
} from '../engine.ts';
import { again, mainMenu } from '../main-menu.ts';

// 3. Check an OB slip (its station, OB number and code) or a police document (its number and check code): what
// the web's checks show anyone, never what the entry says. A wrong code and an unknown number answer alike, and
// three of them end the session (as the web's checks are rate-limited).

const WRONG_CODES_ALLOWED = 3;

type Prompt = (ctx: UssdContext, data: StepData, note?: string) => Reply;

/** A screen with `name` cut to what the rest of it leaves of SCREEN_MAX. */
export function fitting(render: (name: string) => string, name: string): string {
  return render(fit(name, Math.max(8, SCREEN_MAX - render('').length)));
}

const say = (ctx: UssdContext, key: string, params?: Record<string, string | number>) =>
  ctx.t(`channels.ussd.check.${key}`, params);

/** What is carried back to the first screen: the wrong codes counted so far. */
const counted = (data: StepData): StepData => (data.wrong === undefined ? {} : { wrong: data.wrong });

function choices(ctx: UssdContext, data: StepData): Reply {
  return con(
    lines(
      say(ctx, 'title'),
      numbered([say(ctx, 'slip'), say(ctx, 'document')]),
      `0 ${ctx.t('channels.ussd.menu.back')}`,
    ),
    'check.what',
    counted(data),
  );
}

export const startCheck = (ctx: UssdContext): Reply => choices(ctx, {});

const obPrompt: Prompt = (ctx, data, note) => con(lines(note, say(ctx, 'obNumber')), 'check.ob', data);
const stationPrompt: Prompt = (ctx, data, note) => con(lines(note, say(ctx, 'station')), 'check.station', data);
const slipCodePrompt: Prompt = (ctx, data, note) => con(lines(note, say(ctx, 'slipCode')), 'check.slipCode', data);
const docNumberPrompt: Prompt = (ctx, data, note) => con(lines(note, say(ctx, 'docNumber')), 'check.docNumber', data);
const docCodePrompt: Prompt = (ctx, data, note) => con(lines(note, say(ctx, 'docCode')), 'check.docCode', data);

/** One more wrong code: the prompt again with what was wrong, or the end after too many. */
function wrongCode(ctx: UssdContext, data: StepData, prompt: Prompt, note: string): Reply {
  const wrong = Number(data.wrong ?? 0) + 1;
  if (wrong >= WRONG_CODES_ALLOWED) return end(say(ctx, 'tooMany'));
  return prompt(ctx, { ...data, wrong }, note);
}

const pickWhat: Step = (ctx, data, input) => {
  if (input === '1') return obPrompt(ctx, counted(data));
  if (input === '2') return docNumberPrompt(ctx, counted(data));
  if (input === '0') return mainMenu(ctx);
  return again(ctx, choices(ctx, data));
};

/** An OB number as a keypad types it: "12/30/11/2026", or with its parts apart ("12 30 11 2026", "OB 12.30.11.2026"). */
function readOb(typed: string) {
  const parts = typed
    .replace(/^\s*OB\s*(?:NO\.?)?/i, '')
    .split(/[\s./-]+/)
    .filter(Boolean);
  return parts.length === 4 ? parseObNumber(parts.join('/')) : undefined;
}

const typeOb: Step = (ctx, data, input) => {
  if (input === '0') return choices(ctx, data);
  const ob = readOb(input);
  if (!ob) return obPrompt(ctx, data, say(ctx, 'badOb'));
  return stationPrompt(ctx, { ...data, ob: formatObNumber(ob) });
};

/** Stations anywhere whose name has a word starting with what was typed, those whose name starts with it first. */
const stationsMatching = (ctx: UssdContext, typed: string) => stationsByTyping(ctx.platform.db.pool, null, typed);

async function stationList(ctx: UssdContext, data: StepData): Promise<PagedList<StationRow>> {
  return {
    step: 'check.stationPick',
    title: say(ctx, 'pickStation'),
    items: await stationsMatching(ctx, String(data.typed)),
    label: (station) => station.name,
  };
}

const typeStation: Step = async (ctx, data, input) => {
  if (input === '0') return obPrompt(ctx, counted(data));
  if (input.length < 2) return stationPrompt(ctx, data);
  const next = { ...data, typed: input, page: 0 };
  const list = await stationList(ctx, next);
  if (list.items.length === 0) return stationPrompt(ctx, data, say(ctx, 'noStation', { typed: fit(input, 20) }));
  return showList(ctx, list, next);
};

const pickStation: Step = async (ctx, data, input) => {
  const { typed: _typed, page: _page, ...kept } = data;
  return readList(ctx, await stationList(ctx, data), data, input, {
    back: () => stationPrompt(ctx, kept),
    picked: (station) => slipCodePrompt(ctx, { ...kept, station: station.id }),
  });
};

function slipFacts(ctx: UssdContext, found: SlipCheck): string {
  const { timeZone, timeZoneAbbreviation } = ctx.platform.config.jurisdiction;
  const when = `${formatDateTime(ctx.language, found.recordedAt, timeZone)} ${timeZoneAbbreviation}`;
  const last = found.amendments.at(-1);
  const since = last ? say(ctx, 'amended', { ob: last.obNumber }) : say(ctx, 'notAmended');
  return fitting(
    (station) => lines(say(ctx, 'slipFound', { ob: found.obNumber, station, when }), since),
    found.station.name,
  );
}

const typeSlipCode: Step = async (ctx, data, input) => {
  if (input === '0') return stationPrompt(ctx, { ...counted(data), ob: data.ob });
  const code = normaliseCode(input);
  if (!code) return slipCodePrompt(ctx, data, say(ctx, 'badCode'));
  const found = await checkSlip(ctx.platform, { station: String(data.station), ob: String(data.ob), code });
  if (!found) return wrongCode(ctx, data, slipCodePrompt, say(ctx, 'noSlip'));
  return end(slipFacts(ctx, found));
};

/** A document number as a keypad types it: as printed, or with its parts apart ("PA SALAMA 2026 12"). */
function readDocumentNumber(typed: string): string | undefined {
  const parts = typed.trim().split(/\s+/);
  return normaliseDocumentNumber(parts.length >= 3 && !/[/-]/.test(typed) ? parts.join('/') : typed);
}

const typeDocNumber: Step = (ctx, data, input) => {
  if (input === '0') return choices(ctx, data);
  const number = readDocumentNumber(input);
  if (!number) return docNumberPrompt(ctx, data, say(ctx, 'badDocNumber'));
  return docCodePrompt(ctx, { ...data, number });
};

function documentFacts(ctx: UssdContext, found: CodeCheck): string {
  const { claims, status } = found;
  const date = formatDate(ctx.language, new Date(claims.issuedAt * 1000), ctx.platform.config.jurisdiction.timeZone);
  const standing = say(ctx, `docStatus.${status.status}`, { number: status.supersededBy ?? '' });
  const kind = say(ctx, `kind.${claims.kind}`);
  return fitting(
    (station) => lines(say(ctx, 'docFound', { kind, number: claims.documentNumber, station, date }), standing),
    found.stationName,
  );
}

const typeDocCode: Step = async (ctx, data, input) => {
  if (input === '0') return docNumberPrompt(ctx, counted(data));
  try {
    const found = await checkWithCode(ctx.platform, { number: String(data.number), code: input });
    if (!found) return wrongCode(ctx, data, docCodePrompt, say(ctx, 'noDocument'));
    return end(documentFacts(ctx, found));
  } catch (error) {
    // the number was read already: only the code's form can be wrong
    if (!(error instanceof BadInput)) throw error;
    return docCodePrompt(ctx, data, say(ctx, 'badCode'));
  }
};

export const checkSteps: Record<string, Step> = {
  'check.what': pickWhat,
  'check.ob': typeOb,
  'check.station': typeStation,
  'check.stationPick': pickStation,
  'check.slipCode': typeSlipCode,
  'check.docNumber': typeDocNumber,
  'check.docCode': typeDocCode,
};
