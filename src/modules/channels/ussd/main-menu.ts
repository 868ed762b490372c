import { con, lines, numbered, type Reply, type UssdContext } from './engine.ts';

export function mainMenu(ctx: UssdContext): Reply {
  const t = ctx.t;
  const other = ctx.language === 'en' ? 'Kiswahili' : 'English';
  const items = ['report', 'follow', 'check', 'fine', 'ask', 'sessions'].map((k) => t(`channels.ussd.menu.${k}`));
  return con(lines(t('channels.ussd.menu.title'), numbered(items), `7 ${other}`), 'menu');
}

export { again } from './engine.ts';
