import { parseArgs } from 'node:util';
import { parseListen, wholeNumber } from '../sim-kit/args.ts';
import { exitOnSignal } from '../sim-kit/program.ts';
import { httpUrl } from './answers.ts';
import { AT_SIM_DEFAULTS, startAtSim } from './run.ts';

export const atSimUsage = `  sauti at-sim [--listen 127.0.0.1:7391] [--username sandbox] [--api-key K]
               [--delivery-report-url URL] [--delivery-delay-ms 1000]
                                   run the Africa's Talking simulator (sending SMS, delivery reports, incoming
                                   SMS) for demos and tests: no database; the recipient's number chooses the
                                   outcome (README)`;

function parseSimArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    options: {
      listen: { type: 'string', default: `${AT_SIM_DEFAULTS.host}:${AT_SIM_DEFAULTS.port}` },
      username: { type: 'string', default: AT_SIM_DEFAULTS.username },
      'api-key': { type: 'string', default: AT_SIM_DEFAULTS.apiKey },
      'delivery-report-url': { type: 'string' },
      'delivery-delay-ms': { type: 'string', default: String(AT_SIM_DEFAULTS.deliveryDelayMs) },
    },
  });
}

/** `sauti at-sim …`: -1 while the simulator runs, or an exit code. */
export async function atSimCommand(args: string[]): Promise<number> {
  let values;
  let listen;
  let deliveryDelayMs;
  let deliveryReportUrl;
  try {
    values = parseSimArgs(args).values;
    listen = parseListen(values.listen);
    deliveryDelayMs = wholeNumber('delivery-delay-ms', values['delivery-delay-ms'], 0, 600_000);
    if (values.username === '' || values['api-key'] === '') throw new Error('--username and --api-key are not empty.');
    const given = values['delivery-report-url'];
    deliveryReportUrl = given === undefined ? undefined : httpUrl(given);
    if (given !== undefined && !deliveryReportUrl) throw new Error('--delivery-report-url is an http(s) URL.');
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage:\n${atSimUsage}`);
    return 64;
  }
  const sim = await startAtSim({
    ...listen,
    username: values.username,
    apiKey: values['api-key'],
    deliveryDelayMs,
    ...(deliveryReportUrl ? { deliveryReportUrl } : {}),
    onError: (error) => console.error(`at-sim error: ${error instanceof Error ? error.stack : String(error)}`),
  });
  console.log(
    `Sauti's settings for it: AT_API_URL=${sim.url} AT_USERNAME=${values.username} AT_API_KEY=${values['api-key']}`,
  );
  console.log(`listening on ${sim.url}`);
  exitOnSignal(() => sim.close());
  return -1;
}
