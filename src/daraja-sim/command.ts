import { parseArgs } from 'node:util';
import { parseListen, wholeNumber } from '../sim-kit/args.ts';
import { exitOnSignal } from '../sim-kit/program.ts';
import { DARAJA_SIM_DEFAULTS, startDarajaSim } from './run.ts';

export const darajaSimUsage = `  sauti daraja-sim [--listen 127.0.0.1:7390] [--consumer-key K --consumer-secret S]
                   [--shortcode 174379 --passkey P] [--callback-delay-ms 2000] [--token-expires-in 3599]
                                   run the M-Pesa Daraja simulator (OAuth, STK push and query, C2B) for demos
                                   and tests: no database; the payer's phone number chooses the outcome (README)`;

function parseSimArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    options: {
      listen: { type: 'string', default: `${DARAJA_SIM_DEFAULTS.host}:${DARAJA_SIM_DEFAULTS.port}` },
      'consumer-key': { type: 'string', default: DARAJA_SIM_DEFAULTS.consumerKey },
      'consumer-secret': { type: 'string', default: DARAJA_SIM_DEFAULTS.consumerSecret },
      shortcode: { type: 'string', default: DARAJA_SIM_DEFAULTS.shortcode },
      passkey: { type: 'string', default: DARAJA_SIM_DEFAULTS.passkey },
      'callback-delay-ms': { type: 'string', default: String(DARAJA_SIM_DEFAULTS.callbackDelayMs) },
      'token-expires-in': { type: 'string', default: String(DARAJA_SIM_DEFAULTS.tokenExpiresInSeconds) },
    },
  });
}

/** `sauti daraja-sim …`: -1 while the simulator runs, or an exit code. */
export async function darajaSimCommand(args: string[]): Promise<number> {
  let values;
  let listen;
  let callbackDelayMs;
  let tokenExpiresInSeconds;
  try {
    values = parseSimArgs(args).values;
    listen = parseListen(values.listen);
    callbackDelayMs = wholeNumber('callback-delay-ms', values['callback-delay-ms'], 0, 600_000);
    tokenExpiresInSeconds = wholeNumber('token-expires-in', values['token-expires-in'], 1, 86_400);
    if (!/^\d{5,7}$/.test(values.shortcode)) throw new Error('--shortcode must be 5 to 7 digits.');
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage:\n${darajaSimUsage}`);
    return 64;
  }
  const sim = await startDarajaSim({
    ...listen,
    consumerKey: values['consumer-key'],
    consumerSecret: values['consumer-secret'],
    shortcode: values.shortcode,
    passkey: values.passkey,
    callbackDelayMs,
    tokenExpiresInSeconds,
    onError: (error) => console.error(`daraja-sim error: ${error instanceof Error ? error.stack : String(error)}`),
  });
  console.log(`Sauti's settings for it: DARAJA_BASE_URL=${sim.url} DARAJA_SHORTCODE=${values.shortcode}`);
  console.log(`listening on ${sim.url}`);
  exitOnSignal(() => sim.close());
  return -1;
}
