import type { Locale, Translate } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';

// The USSD menu as a state machine: each screen names the step that takes the next input, with what the journey
// has gathered so far. Steps are looked up by name, so the state can be kept in the database between callbacks
// and any instance can take the next one.

/** Every screen fits this many characters (operators cut longer ones, some phones show nothing). */
export const SCREEN_MAX = 160;

export interface UssdContext {
  platform: Platform;
  t: Translate;
  language: Locale;
  /** The dialling phone, "+2547…": used for this step only, never kept. */
  phone: string;
  /** The keyed hash of the dialling phone. */
  numberHash: string;
  /** Africa's Talking's id of this session. */
  sessionId: string;
  now: Date;
}

export type StepData = Record<string, string | number | boolean | undefined>;

export interface UssdState {
  /** The step that takes the next input. */
  step: string;
  data: StepData;
}

/** A screen, and for CON the step that takes its answer; `language` when the step changed the session's language. */
export type Reply = ({ kind: 'CON'; text: string; next: UssdState } | { kind: 'END'; text: string }) & {
  language?: Locale;
};

/** A step: what it does with the input typed on the screen it showed. */
export type Step = (ctx: UssdContext, data: StepData, input: string) => Promise<Reply> | Reply;

export const con = (text: string, step: string, data: StepData = {}): Reply => ({
  kind: 'CON',
  text,
  next: { step, data },
});
export const end = (text: string): Reply => ({ kind: 'END', text });

/** A screen's lines, the empty ones left out. */
export const lines = (...parts: Array<string | false | undefined>): string => parts.filter(Boolean).join('\n');

/** Numbered options: ["Report", "Follow"] -> "1 Report\n2 Follow". */
export const numbered = (options: string[], from = 1): string =>
  options.map((option, i) => `${i + from} ${option}`).join('\n');

/** A text cut to fit `max` characters, ending in "…" when it was cut. */
export function fit(text: string, max: number): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain.length <= max ? plain : `${plain.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** What an input to a paged list means. */
export type Pick = { kind: 'pick'; index: number } | { kind: 'more' } | { kind: 'back' } | { kind: 'bad' };

export interface Page {
  text: string;
  /** The items shown, by their index in the whole list. */
  first: number;
  count: number;
  hasMore: boolean;
}

/**
 * One page of a list that fits a screen with its title and the "9 More" / "0 Back" lines: items numbered 1 to 8 on
 * every page. `page` counts from 0.
 */
export function listPage(t: Translate, title: string, items: string[], page: number): Page {
  let first = 0;
  let shown = pageOf(t, title, items, 0);
  for (let p = 0; p < page && shown.hasMore; p++) {
    first += shown.count;
    shown = pageOf(t, title, items, first);
  }
  return shown;
}

function pageOf(t: Translate, title: string, items: string[], first: number): Page {
  const render = (count: number) => {
    const hasMore = first + count < items.length;
    const shown = items.slice(first, first + count).map((item) => fit(item, 40));
    const text = lines(
      title,
      numbered(shown),
      hasMore && `9 ${t('channels.ussd.more')}`,
      `0 ${t('channels.ussd.back')}`,
    );
    return { text, hasMore };
  };
  let count = Math.min(8, items.length - first);
  while (count > 1 && render(count).text.length > SCREEN_MAX) count--;
  const { text, hasMore } = render(count);
  return { text, first, count, hasMore };
}

export function readPick(input: string, page: Page): Pick {
  if (input === '9' && page.hasMore) return { kind: 'more' };
  if (input === '0') return { kind: 'back' };
  const n = Number(input);
  if (Number.isInteger(n) && n >= 1 && n <= page.count) return { kind: 'pick', index: page.first + n - 1 };
  return { kind: 'bad' };
}

/** A text longer than a screen, split into screens that end "9 More" / "0 Back". */
export function textPages(t: Translate, text: string): string[] {
  const footer = `\n9 ${t('channels.ussd.more')}\n0 ${t('channels.ussd.back')}`;
  const room = SCREEN_MAX - footer.length;
  const words = text.split(/(?<=\s)/);
  const pages: string[] = [];
  let current = '';
  for (const word of words) {
    if ((current + word).length > room && current) {
      pages.push(current.trimEnd());
      current = '';
    }
    current += word.length > room ? word.slice(0, room) : word;
  }
  if (current.trim()) pages.push(current.trimEnd());
  return pages.length ? pages : [''];
}

/** The context in another language (the caller chose it on this screen). */
export function withLanguage(ctx: UssdContext, language: Locale): UssdContext {
  return { ...ctx, language, t: ctx.platform.i18n.translator(language) };
}

/** The same screen again, headed by "Please choose from the list" when that still fits. */
export function again(ctx: UssdContext, reply: Reply): Reply {
  if (reply.kind !== 'CON') return reply;
  const text = `${ctx.t('channels.ussd.choose')}\n${reply.text}`;
  return { ...reply, text: text.length <= SCREEN_MAX ? text : reply.text };
}

/** A list a step shows page by page and reads back (see `showList`, `readList`). */
export interface PagedList<T> {
  /** the step that reads the choice */
  step: string;
  title: string;
  items: T[];
  label(item: T): string;
}

/** The page `data.page` of the list (counting from 0). */
export function showList<T>(ctx: UssdContext, list: PagedList<T>, data: StepData): Reply {
  const shown = listPage(ctx.t, list.title, list.items.map(list.label), Number(data.page ?? 0));
  return con(shown.text, list.step, data);
}

/** The choice on a page of the list: "9" the next page, "0" the one before (on the first, `back`), else the item. */
export async function readList<T>(
  ctx: UssdContext,
  list: PagedList<T>,
  data: StepData,
  input: string,
  on: { back(): Reply | Promise<Reply>; picked(item: T): Reply | Promise<Reply> },
): Promise<Reply> {
  const page = Number(data.page ?? 0);
  const pick = readPick(input, listPage(ctx.t, list.title, list.items.map(list.label), page));
  if (pick.kind === 'more') return showList(ctx, list, { ...data, page: page + 1 });
  if (pick.kind === 'back') return page > 0 ? showList(ctx, list, { ...data, page: page - 1 }) : on.back();
  if (pick.kind === 'bad') return again(ctx, showList(ctx, list, data));
  return on.picked(list.items[pick.index]!);
}
