import { parseArgs } from 'node:util';
import type { Config } from '../../../config.ts';
import type { Platform } from '../../../platform/module.ts';
import { auditLog, type AuditFinding } from './audit.ts';
import { auditRemote } from './audit-remote.ts';
import { readLogKey } from './key.ts';

export const obUsage = `  sauti ob log-key                 print the national log's verifier key (also served at /ob/log/key)
  sauti ob audit                   recompute the national log from the database: every entry against its leaf,
                                   the tree's root against every signed checkpoint. Exit 0 sound, 1 not
  sauti ob audit --remote <url> --key <verifier key> [--state <file>]
                                   audit a deployment from its public tiles alone (<url> is its /ob/log);
                                   --state keeps the checkpoint seen, and the next run checks it is a prefix`;

type WithPlatform = <T>(run: (platform: Platform) => Promise<T>) => Promise<T>;

function printFinding(finding: AuditFinding): void {
  console.error(`The national log does not hold: ${finding.problem}.`);
  if (finding.entry)
    console.error(
      `First entry that fails: station ${finding.entry.station}, ${finding.entry.obNumber}, leaf ${finding.entry.leafIndex}.`,
    );
}

async function remoteAudit(values: { remote?: string; key?: string; state?: string }): Promise<number> {
  if (!values.key) {
    console.error(
      '--remote needs --key <verifier key> (the one the log publishes at /ob/log/key, taken from a trusted source)',
    );
    return 64;
  }
  let result;
  try {
    result = await auditRemote({
      url: values.remote!,
      key: values.key,
      ...(values.state ? { stateFile: values.state } : {}),
    });
  } catch (error) {
    console.error(`The audit could not finish: ${(error as Error).message}`);
    return 1;
  }
  if (!result.ok) {
    printFinding(result);
    return 1;
  }
  const since = result.previous === undefined ? '' : `, consistent with size ${result.previous} seen before`;
  console.log(`The log at ${values.remote} holds: ${result.size} entries in ${result.seconds.toFixed(2)} s${since}.`);
  return 0;
}

async function localAudit(config: Config, withPlatform: WithPlatform): Promise<number> {
  const key = await readLogKey(config);
  const result = await withPlatform((platform) => auditLog(platform.db, key.verifier));
  if (!result.ok) {
    printFinding(result);
    return 1;
  }
  const rate = result.seconds > 0 ? Math.round(result.entries / result.seconds) : result.entries;
  console.log(
    `The national log holds: ${result.entries} entries match their leaves, ${result.checkpoints} checkpoints verify, ` +
      `in ${result.seconds.toFixed(2)} s (${rate} entries/s).`,
  );
  return 0;
}

/** `sauti ob …`: exit code. */
export async function obCommand(args: string[], config: () => Config, withPlatform: WithPlatform): Promise<number> {
  const [action, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: false,
      options: { remote: { type: 'string' }, key: { type: 'string' }, state: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage:\n${obUsage}`);
    return 64;
  }
  if (action === 'log-key') {
    console.log((await readLogKey(config())).verifierString);
    return 0;
  }
  if (action !== 'audit') {
    console.error(`Usage:\n${obUsage}`);
    return 64;
  }
  if (parsed.values.remote) return remoteAudit(parsed.values);
  return localAudit(config(), withPlatform);
}
