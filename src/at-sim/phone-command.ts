import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { httpUrl } from './answers.ts';
import type { SimMessage } from './messaging.ts';
import { INTERNATIONAL_NUMBER } from './outcomes.ts';
import { UssdPhone, type Screen } from './phone.ts';
import { AT_SIM_DEFAULTS } from './run.ts';

export const phoneUsage = `  sauti phone ['*384*123#'] [--url URL] [--token T] [--number +254712345678] [--network 63902]
              [--inputs "1*2*3"] [--inbox] [--sim http://127.0.0.1:7391]
                                   a feature phone on Africa's Talking's USSD gateway, in the terminal: dials
                                   Sauti's USSD callback (default http://127.0.0.1:3000/channels/ussd) and shows
                                   each screen; --inputs answers them in turn; --inbox then lists the SMS the
                                   Africa's Talking simulator (--sim) holds for the number`;

const DEFAULT_URL = 'http://127.0.0.1:3000/channels/ussd';
const SCREEN_WIDTH = 26;
/** beyond this a real handset may cut the screen short */
const SCREEN_CHARACTERS = 160;

function parsePhoneArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: DEFAULT_URL },
      token: { type: 'string' },
      number: { type: 'string', default: '+254712345678' },
      network: { type: 'string', default: '63902' },
      inputs: { type: 'string' },
      inbox: { type: 'boolean', default: false },
      sim: { type: 'string', default: `http://${AT_SIM_DEFAULTS.host}:${AT_SIM_DEFAULTS.port}` },
    },
  });
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      for (let rest = word; ; rest = rest.slice(width)) {
        const piece = rest.slice(0, width);
        if (line !== '' && line.length + 1 + piece.length > width) {
          lines.push(line);
          line = piece;
        } else line = line === '' ? piece : `${line} ${piece}`;
        if (rest.length <= width) break;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** A screen framed like a feature phone's display. */
export function frameScreen(screen: Screen): string {
  const lines = wrap(screen.text, SCREEN_WIDTH);
  if (screen.error) lines.push(...wrap(`[session ended: ${screen.error}]`, SCREEN_WIDTH));
  const label = `─ ${screen.kind} `;
  const framed = [
    `┌${label}${'─'.repeat(SCREEN_WIDTH + 2 - label.length)}┐`,
    ...lines.map((line) => `│ ${line.padEnd(SCREEN_WIDTH)} │`),
    `└${'─'.repeat(SCREEN_WIDTH + 2)}┘`,
  ];
  if (screen.text.length > SCREEN_CHARACTERS) {
    framed.push(`(${screen.text.length} characters: over ${SCREEN_CHARACTERS}, a handset may cut it short)`);
  }
  return framed.join('\n');
}

function callbackUrl(values: ReturnType<typeof parsePhoneArgs>['values']): string {
  const url = httpUrl(values.url);
  if (!url) throw new Error(`--url is an http(s) URL, not "${values.url}".`);
  const withToken = new URL(url);
  if (values.token !== undefined) withToken.searchParams.set('token', values.token);
  return withToken.href;
}

function phoneOf(args: string[]) {
  const { values, positionals } = parsePhoneArgs(args);
  const [serviceCode = '*384*123#', ...extra] = positionals;
  if (extra.length > 0) throw new Error(`One service code, not "${positionals.join(' ')}".`);
  if (!/^\*[\d*]*#$/.test(serviceCode)) throw new Error(`A service code is like *384*123#, not "${serviceCode}".`);
  if (!INTERNATIONAL_NUMBER.test(values.number)) throw new Error('--number is international: +254712345678.');
  if (!/^\d{5,6}$/.test(values.network)) throw new Error('--network is 5 or 6 digits (63902 Safaricom).');
  if (values.inbox && !httpUrl(values.sim)) throw new Error("--sim is the simulator's http(s) URL.");
  const phone = new UssdPhone({
    callbackUrl: callbackUrl(values),
    phoneNumber: values.number,
    serviceCode,
    networkCode: values.network,
  });
  return { phone, values };
}

/** Answers each CON screen with the next input; runs out (the network times the session out) when it has none. */
async function session(phone: UssdPhone, next: () => Promise<string | undefined>): Promise<Screen> {
  let screen = await phone.dial();
  console.log(frameScreen(screen));
  while (screen.kind === 'CON') {
    const input = await next();
    if (input === undefined) {
      phone.timeOut();
      console.log('(no answer: the network ended the session)');
      return screen;
    }
    screen = await phone.send(input);
    console.log(frameScreen(screen));
  }
  return screen;
}

function scripted(inputs: string): () => Promise<string | undefined> {
  const queue = inputs === '' ? [] : inputs.split('*');
  return () => {
    const input = queue.shift();
    if (input !== undefined) console.log(`> ${input}`);
    return Promise.resolve(input);
  };
}

function typed(): { next: () => Promise<string | undefined>; close: () => void } {
  const lines = createInterface({ input: process.stdin, terminal: false });
  const iterator = lines[Symbol.asyncIterator]();
  return {
    next: async () => {
      // piped input is not echoed by a terminal: show it as typed
      if (process.stdin.isTTY) process.stdout.write('> ');
      const line = await iterator.next();
      if (!line.done && !process.stdin.isTTY) console.log(`> ${line.value}`);
      return line.done ? undefined : line.value;
    },
    close: () => lines.close(),
  };
}

async function inbox(sim: string, number: string): Promise<SimMessage[]> {
  const response = await fetch(`${sim.replace(/\/$/, '')}/simulator/messages?to=${encodeURIComponent(number)}`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`The simulator answered HTTP ${response.status}`);
  return ((await response.json()) as { messages: SimMessage[] }).messages;
}

/** The number's SMS, after waiting a few seconds for any the session caused (Sauti sends them after it ends). */
async function printInbox(sim: string, number: string, before: number): Promise<void> {
  let messages = await inbox(sim, number);
  for (let waited = 0; messages.length === before && waited < 8000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    messages = await inbox(sim, number);
  }
  console.log(`SMS inbox of ${number} (${messages.length}):`);
  for (const message of messages)
    console.log(`  ${message.at} from ${message.from} [${message.status}]: ${message.text}`);
}

/** `sauti phone …`: 0 when the session ended as the protocol wants, 1 when it ended on an error, 64 on bad usage. */
export async function phoneCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = phoneOf(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage:\n${phoneUsage}`);
    return 64;
  }
  const { phone, values } = parsed;
  console.log(`${phone.phoneNumber} dials ${phone.serviceCode}`);
  const before = values.inbox
    ? await inbox(values.sim, phone.phoneNumber).then(
        (m) => m.length,
        () => 0,
      )
    : 0;
  const keyboard = values.inputs === undefined ? typed() : undefined;
  let last;
  try {
    last = await session(phone, keyboard?.next ?? scripted(values.inputs ?? ''));
  } finally {
    keyboard?.close();
  }
  if (values.inbox) {
    try {
      await printInbox(values.sim, phone.phoneNumber, before);
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause : (error as Error);
      console.error(`The SMS inbox could not be read from ${values.sim}: ${reason.message}`);
      return 1;
    }
  }
  return last.error ? 1 : 0;
}
