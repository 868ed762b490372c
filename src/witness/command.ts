import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseListen } from '../sim-kit/args.ts';
import { exitOnSignal } from '../sim-kit/program.ts';
import { KEY_FILE, loadIdentity } from './identity.ts';
import { startWitness } from './run.ts';

export const witnessUsage = `  sauti witness serve --data <dir> [--listen 127.0.0.1:7380] [--name <witness name>]
                    [--log "<origin> <verifier key>"]...
                                   run an independent witness of Sauti's transparency log (c2sp.org/tlog-witness):
                                   its own key and state in <dir>, no database; logs also from <dir>/logs
  sauti witness key --data <dir>   print the witness's cosignature verifier key`;

const DEFAULT_LISTEN = '127.0.0.1:7380';

function parseWitnessArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    options: {
      data: { type: 'string' },
      listen: { type: 'string', default: DEFAULT_LISTEN },
      name: { type: 'string' },
      log: { type: 'string', multiple: true },
    },
  });
}

async function serveCommand(values: ReturnType<typeof parseWitnessArgs>['values'], dataDir: string): Promise<number> {
  const { host, port } = parseListen(values.listen);
  const witness = await startWitness({
    dataDir,
    host,
    port,
    logs: values.log ?? [],
    ...(values.name !== undefined ? { name: values.name } : {}),
    onError: (error) => console.error(`witness error: ${error instanceof Error ? error.stack : String(error)}`),
  });
  if (witness.createdKey) console.log(`Generated a new witness key in ${join(dataDir, KEY_FILE)}.`);
  console.log(`verifier ${witness.verifier}`);
  for (const origin of witness.logs.origins()) console.log(`witnessing ${origin}`);
  console.log(`listening on ${witness.url}`);
  exitOnSignal(() => witness.close());
  return -1;
}

/** `sauti witness …`: exit code, or -1 while the server runs. */
export async function witnessCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  let parsed;
  try {
    parsed = parseWitnessArgs(rest);
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage:\n${witnessUsage}`);
    return 64;
  }
  const dataDir = parsed.values.data;
  if ((action !== 'serve' && action !== 'key') || !dataDir) {
    console.error(`Usage:\n${witnessUsage}`);
    return 64;
  }
  if (action === 'key') {
    const identity = await loadIdentity(dataDir);
    if (!identity) {
      console.error(`No witness key in ${dataDir}; \`sauti witness serve --data ${dataDir}\` makes one.`);
      return 1;
    }
    console.log(identity.verifier);
    return 0;
  }
  try {
    return await serveCommand(parsed.values, dataDir);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}
