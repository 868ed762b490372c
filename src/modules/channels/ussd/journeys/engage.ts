import { formatDate, formatDateTime, formatTime } from '../../../../platform/i18n/index.ts';
import { askByUssd, sessionForQuestions, sessionsAtAGlance, type PromiseAtAGlance } from '../../../engage/index.ts';
import { con, end, fit, lines, SCREEN_MAX, textPages, type Reply, type Step, type UssdContext } from '../engine.ts';
import { again, mainMenu } from '../main-menu.ts';

// 5. Ask the Inspector General a question for #EngageTheIG (the live session, else the next), the answer coming
// by SMS. 6. The next session, and what the last one promised and whether it was kept.

/** What fits one answer on a phone's USSD keypad screen. */
export const USSD_QUESTION_MAX = 150;
/** A promise is shown this long at most (with its status it then fits a screen): the rest is on the web. */
const PROMISE_SHOWN = 78;

export async function startAsking(ctx: UssdContext): Promise<Reply> {
  const session = await sessionForQuestions(ctx.platform, ctx.now);
  if (!session) return end(ctx.t('channels.ussd.ask.noSession'));
  const key = session.live ? 'channels.ussd.ask.promptLive' : 'channels.ussd.ask.prompt';
  return con(
    ctx.t(key, {
      hashtag: session.hashtag,
      date: formatDateTime(ctx.language, session.startsAt),
      max: USSD_QUESTION_MAX,
    }),
    'ask.question',
  );
}

const sendQuestion: Step = async (ctx, _data, input) => {
  if (input === '0') return mainMenu(ctx);
  if (input.length < 5) return startAsking(ctx);
  const asked = await askByUssd(
    ctx.platform,
    {
      phone: ctx.phone,
      ussdSessionId: ctx.sessionId,
      question: input.slice(0, USSD_QUESTION_MAX),
      language: ctx.language,
    },
    ctx.now,
  );
  switch (asked.outcome) {
    case 'stored':
      return end(
        ctx.t('channels.ussd.ask.received', {
          hashtag: asked.session.hashtag,
          date: formatDateTime(ctx.language, asked.session.startsAt),
        }),
      );
    case 'banned':
      return end(ctx.t('channels.ussd.ask.banned'));
    case 'too_many':
      return end(ctx.t('channels.ussd.ask.tooMany'));
    case 'no_session':
      return end(ctx.t('channels.ussd.ask.noSession'));
    default:
      return startAsking(ctx);
  }
};

function promiseLine(ctx: UssdContext, promise: PromiseAtAGlance, n: number): string {
  const date = formatDate(ctx.language, promise.dueAt);
  const status =
    promise.status === 'kept'
      ? ctx.t('channels.ussd.sessions.kept')
      : ctx.t(`channels.ussd.sessions.${promise.status}`, { date });
  return ctx.t('channels.ussd.sessions.promise', { n, promise: fit(promise.body, PROMISE_SHOWN), status });
}

/** The parts of menu 6 (a line or two each), before they are put on screens. */
async function sessionsLines(ctx: UssdContext): Promise<string[]> {
  const { next, last } = await sessionsAtAGlance(ctx.platform, ctx.now);
  const t = ctx.t;
  const head = !next
    ? t('channels.ussd.sessions.none')
    : next.live
      ? t('channels.ussd.sessions.live', { hashtag: next.hashtag, time: formatTime(ctx.language, next.endsAt) })
      : t('channels.ussd.sessions.next', { hashtag: next.hashtag, date: formatDateTime(ctx.language, next.startsAt) });
  if (!last) return [head];
  const date = formatDate(ctx.language, last.startsAt);
  if (last.commitments.length === 0) return [head, t('channels.ussd.sessions.noPromises', { date })];
  const [first, ...rest] = last.commitments.map((c, i) => promiseLine(ctx, c, i + 1));
  // the title stays on the screen of the first promise
  return [head, lines(t('channels.ussd.sessions.promises', { date }), first), ...rest];
}

/** Whole parts on each screen, as many as fit with "9 More" / "0 Back"; a part longer than a screen is cut up. */
function screens(ctx: UssdContext, all: string[]): string[] {
  const room = SCREEN_MAX - `\n9 ${ctx.t('channels.ussd.more')}\n0 ${ctx.t('channels.ussd.back')}`.length;
  const out: string[] = [];
  let current = '';
  for (const line of all.flatMap((l) => (l.length > room ? textPages(ctx.t, l) : [l]))) {
    const joined = current ? `${current}\n${line}` : line;
    if (joined.length <= room) current = joined;
    else {
      out.push(current);
      current = line;
    }
  }
  return [...out, current];
}

async function sessionsPage(ctx: UssdContext, page: number): Promise<Reply> {
  const pages = screens(ctx, await sessionsLines(ctx));
  const shown = Math.min(Math.max(0, page), pages.length - 1);
  const hasMore = shown < pages.length - 1;
  return con(
    lines(pages[shown], hasMore && `9 ${ctx.t('channels.ussd.more')}`, `0 ${ctx.t('channels.ussd.back')}`),
    'sessions.page',
    { page: shown, hasMore },
  );
}

export const startSessions = (ctx: UssdContext): Promise<Reply> => sessionsPage(ctx, 0);

const turnPage: Step = async (ctx, data, input) => {
  const page = Number(data.page ?? 0);
  if (input === '9' && data.hasMore === true) return sessionsPage(ctx, page + 1);
  if (input === '0') return page > 0 ? sessionsPage(ctx, page - 1) : mainMenu(ctx);
  return again(ctx, await sessionsPage(ctx, page));
};

export const engageSteps: Record<string, Step> = {
  'ask.question': sendQuestion,
  'sessions.page': turnPage,
};
