import type { Locale } from '../../../platform/i18n/index.ts';
import {
  con,
  end,
  lines,
  numbered,
  withLanguage,
  type Reply,
  type Step,
  type StepData,
  type UssdContext,
  type UssdState,
} from './engine.ts';
import { checkSteps, startCheck } from './journeys/check.ts';
import { engageSteps, startAsking, startSessions } from './journeys/engage.ts';
import { fineSteps, startFine } from './journeys/fines.ts';
import { followSteps, startFollow } from './journeys/follow.ts';
import { reportSteps, startReport } from './journeys/report.ts';
import { again, mainMenu } from './main-menu.ts';
import * as store from './store.ts';

// The first screens (language, a report to resume) and the main menu; each journey's steps are its own file's.

/** How long after a session was cut off its report can be taken up again from the same number. */
export const RESUME_WITHIN_MS = 10 * 60_000;

const journeys: Array<(ctx: UssdContext) => Promise<Reply> | Reply> = [
  startReport,
  startFollow,
  startCheck,
  startFine,
  startAsking,
  startSessions,
];

const LANGUAGE_SCREEN = 'Sauti - Polisi\n1 English\n2 Kiswahili';

/** The first screen of a dial: a report cut off lately, else the language (first time) or the main menu. */
export function firstScreen(ctx: UssdContext, dial: store.DialState): Reply {
  const cut = dial.cut;
  if (cut?.state?.step.startsWith('report.')) {
    const c = withLanguage(ctx, cut.language);
    const options = numbered([c.t('channels.ussd.resume.continue'), c.t('channels.ussd.resume.menu')]);
    return {
      ...con(lines(c.t('channels.ussd.resume.title'), options), 'resume', { from: cut.id }),
      language: cut.language,
    };
  }
  const known = dial.language;
  return known ? { ...mainMenu(withLanguage(ctx, known)), language: known } : con(LANGUAGE_SCREEN, 'language');
}

const chooseLanguage: Step = async (ctx, _data, input) => {
  const language: Locale | undefined = input === '1' ? 'en' : input === '2' ? 'sw' : undefined;
  if (!language) return con(LANGUAGE_SCREEN, 'language');
  await store.rememberLanguage(ctx.platform.db.pool, ctx.numberHash, language, ctx.now);
  return { ...mainMenu(withLanguage(ctx, language)), language };
};

const menu: Step = async (ctx, _data, input) => {
  if (input === '7') {
    const language: Locale = ctx.language === 'en' ? 'sw' : 'en';
    await store.rememberLanguage(ctx.platform.db.pool, ctx.numberHash, language, ctx.now);
    return { ...mainMenu(withLanguage(ctx, language)), language };
  }
  const start = journeys[Number(input) - 1];
  if (!/^[1-6]$/.test(input) || !start) return again(ctx, mainMenu(ctx));
  return start(ctx);
};

const resume: Step = async (ctx, data, input) => {
  const from = typeof data.from === 'string' ? data.from : '';
  if (input !== '1') return mainMenu(ctx);
  const cut = await store.sessionById(ctx.platform.db.pool, from, new Date(ctx.now.getTime() - 1));
  await store.endSession(ctx.platform.db.pool, from, ctx.now);
  if (!cut?.state) return mainMenu(ctx);
  return { kind: 'CON', text: cut.screen.replace(/^CON /, ''), next: cut.state };
};

const steps: Record<string, Step> = {
  language: chooseLanguage,
  menu,
  resume,
  ...reportSteps,
  ...followSteps,
  ...checkSteps,
  ...fineSteps,
  ...engageSteps,
};

/** The step named in the state takes the input; a step that no longer exists ends the session politely. */
export async function runStep(ctx: UssdContext, state: UssdState, input: string): Promise<Reply> {
  const step = steps[state.step];
  if (!step) return end(ctx.t('channels.ussd.expired'));
  return step(ctx, state.data as StepData, input);
}
