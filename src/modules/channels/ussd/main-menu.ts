import { con, lines, numbered, SCREEN_MAX, type Reply, type UssdContext } from './engine.ts';

export function mainMenu(ctx: UssdContext): Reply {
  const t = ctx.t;
  const other = ctx.language === 'en' ? 'Kiswahili' : 'English';
  const items = ['report', 'follow', 'check', 'fine', 'ask', 'sessions'].map((k) => t(`channels.ussd.menu.${k}`));
  return con(lines(t('channels.ussd.menu.title'), numbered(items), `7 ${other}`), 'menu');
}

/** The same screen again, headed by "Please choose from the list". */
export function again(ctx: UssdContext, reply: Reply): Reply {
  if (reply.kind !== 'CON') return reply;
  const text = `${ctx.t('channels.ussd.choose')}\n${reply.text}`;
  return { ...reply, text: text.length <= SCREEN_MAX ? text : reply.text };
}
