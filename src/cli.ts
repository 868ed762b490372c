import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, servedJurisdiction, type Config } from './config.ts';
import { roles } from './platform/auth/actor.ts';
import { userCommand, userUsage } from './platform/auth/user-command.ts';
import { bootPlatform, loadDemo } from './platform/boot.ts';
import { countUsers } from './platform/db/reference-store.ts';
import type { Database } from './platform/db/database.ts';
import type { ImportResult } from './platform/places-import.ts';
import { importStations } from './platform/stations-import.ts';
import { importFacilities } from './platform/facilities-import.ts';
import { BadInput, NotFound } from './platform/http/errors.ts';
import { formatDateTimeWithZone, showTimesIn, Translations } from './platform/i18n/index.ts';
import { REGISTRY_KEY_FILE, publicKeyPemOf } from './platform/crypto/index.ts';
import { checkReceiptOffline, receiptFromPdf } from './modules/registry/index.ts';
import { createApiKey, revokeApiKey } from './modules/open311/index.ts';
import {
  documentVerifyUsage,
  evidenceInPdf,
  looksLikeDocument,
  sealInPdf,
  verifyDocumentCommand,
} from './modules/documents/index.ts';
import { modules } from './modules/index.ts';
import { serve } from './main.ts';
import { permissionsText } from './platform/auth/who-passes.ts';
import { witnessCommand, witnessUsage } from './witness/index.ts';
import { darajaSimCommand, darajaSimUsage } from './daraja-sim/index.ts';
import { atSimCommand, atSimUsage, phoneCommand, phoneUsage } from './at-sim/index.ts';
import { obCommand, obUsage } from './modules/ob/log/index.ts';
import { finesCommand, finesUsage } from './modules/fines/index.ts';
import { parseScale, scalePlan } from './platform/scale/plan.ts';
import { assertNotGenerated, runScale, ScaleRefused } from './platform/scale/run.ts';

const usage = `sauti — the National Police Service's platform for public engagement

Usage:
  sauti serve [--no-migrate]       start the server (the default); --no-migrate when another login migrates
  sauti migrate                    apply database migrations and reference data, then exit
  sauti demo                       load the demo data (staff, officers, sample reports)
  sauti demo --scale national|<fraction>
                                   and a generated three-year history: national is 1,000,000 cases,
                                   10,000,000 OB entries, 2,000,000 fine notices, 1,250 stations; a fraction
                                   (e.g. 0.01) a share of it. Once per database
${userUsage}
  sauti stations import <file.csv> load the real list of stations (header: id,name,county_code[,kind])
  sauti facilities import <file.csv>
                                   load the list of health facilities (header: id,name,county_code[,kind];
                                   kind hospital, health_centre or dispensary)
  sauti open311 key create <label> issue an Open311 API key for another civic app (shown once)
  sauti open311 key revoke <id>    revoke it
  sauti verify <receipt.json|receipt.pdf> [--public-key <file.pem>]
                                   check a registry receipt offline, with the registry's public key
                                   (GET /registry/public-key); without --public-key, the key in
                                   $DATA_DIR/registry-key.pem. Exit 0 genuine, 1 not genuine, 2 bad usage
${documentVerifyUsage}
  sauti permissions                who each module's staff permissions let in, by role, unit and duty
${witnessUsage}
${darajaSimUsage}
${atSimUsage}
${phoneUsage}
${obUsage}
${finesUsage}

Roles: ${roles.join(', ')}
Configuration comes from the environment (see README.md).`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

type BootedPlatform = Awaited<ReturnType<typeof bootPlatform>>;

async function withPlatform<T>(run: (platform: BootedPlatform) => Promise<T>): Promise<T> {
  const config = { ...loadConfig(), demo: false };
  const platform = await bootPlatform(config, modules, { workers: false });
  try {
    return await run(platform);
  } finally {
    await platform.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve({ migrate: !rest.includes('--no-migrate') });
      return -1;
    case 'migrate':
      await withPlatform(async () => undefined);
      console.log('Database migrated.');
      return 0;
    case 'demo':
      if (rest.some((a) => a.startsWith('--scale'))) return scaleCommand(rest);
      return withPlatform(async (platform) => {
        if ((await countUsers(platform.db.pool)) > 0 && !rest.includes('--force')) {
          console.error(
            'There are already accounts in this database; demo data was not loaded (use --force to add it anyway).',
          );
          return 1;
        }
        await loadDemo({ ...platform, config: { ...platform.config, demo: true } }, modules);
        console.log('Demo data loaded. Accounts are listed in README.md.');
        return 0;
      });
    case 'user':
      return userCommand(rest, withPlatform, readStdin);
    case 'open311':
      return open311Command(rest);
    case 'stations':
      return placesCommand(rest, importStations, 'stations');
    case 'facilities':
      return placesCommand(rest, importFacilities, 'health facilities');
    case 'verify':
      return verifyCommand(rest);
    case 'permissions':
      return permissionsCommand();
    case 'witness':
      return witnessCommand(rest);
    case 'daraja-sim':
      return darajaSimCommand(rest);
    case 'at-sim':
      return atSimCommand(rest);
    case 'phone':
      return phoneCommand(rest);
    case 'ob':
      return obCommand(rest, () => ({ ...loadConfig(), demo: false }), withPlatform);
    case 'fines':
      return finesCommand(rest, withPlatform);
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      return 64;
  }
}

/** `sauti demo --scale <national|fraction>`: the demo data (on a database without accounts), then a generated history. */
async function scaleCommand(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args, options: { scale: { type: 'string' }, force: { type: 'boolean' } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 64;
  }
  const factor = parseScale(values.scale);
  if (factor === undefined) {
    console.error('--scale is "national" or a fraction above 0 and at most 1 (e.g. --scale 0.01).');
    return 64;
  }
  return withPlatform(async (platform) => {
    try {
      await assertNotGenerated(platform);
      const accounts = await countUsers(platform.db.pool);
      if (accounts > 0 && !values.force) {
        console.error(
          'There are already accounts in this database; no history was generated (use --force to add it anyway).',
        );
        return 1;
      }
      if (accounts === 0) await loadDemo({ ...platform, config: { ...platform.config, demo: true } }, modules);
      await runScale(platform, modules, scalePlan(factor, platform.clock.now()), { log: (line) => console.log(line) });
      return 0;
    } catch (error) {
      if (!(error instanceof ScaleRefused)) throw error;
      console.error(error.message);
      return 1;
    }
  });
}

function permissionsCommand(): number {
  const units = servedJurisdiction.units.map((u) => u.code);
  console.log(permissionsText(modules, units));
  return 0;
}

const registryLocales = fileURLToPath(new URL('./modules/registry/locales/', import.meta.url));

/** Offline: the signature and key only (the registry's records are not consulted). Fetches nothing. */
async function verifyCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { 'public-key': { type: 'string' }, keys: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (file && looksLikeDocument(file)) return verifyDocumentCommand(file, parsed.values.keys);
  if (!file || parsed.positionals.length > 1) {
    console.error(
      `Usage: sauti verify <receipt.json|receipt.pdf|qr.txt> [--public-key <file.pem>] [--keys <keys.json>]`,
    );
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    console.error(`Cannot read ${file}.`);
    return 2;
  }
  if (looksLikeDocument(bytes.subarray(0, 16).toString('latin1')))
    return verifyDocumentCommand(bytes.toString('utf8'), parsed.values.keys);
  const seal = sealInPdf(bytes);
  if (seal) return verifyDocumentCommand(seal, parsed.values.keys, evidenceInPdf(bytes));
  return verifyReceipt(bytes, parsed.values['public-key']);
}

async function verifyReceipt(bytes: Buffer, keyOption: string | undefined): Promise<number> {
  const keyFile = keyOption ?? join(resolve(process.env.DATA_DIR || './data'), REGISTRY_KEY_FILE);
  let publicKeyPem: string;
  try {
    publicKeyPem = publicKeyPemOf(readFileSync(keyFile, 'utf8'));
  } catch {
    console.error(
      keyOption
        ? `${keyFile} is not a readable Ed25519 public key in PEM.`
        : `No registry key in ${keyFile}; give the registry's public key with --public-key <file.pem> (it is published at /registry/public-key).`,
    );
    return 2;
  }
  const receipt = bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')
    ? await receiptFromPdf(bytes)
    : bytes.toString('utf8');
  const result = checkReceiptOffline(publicKeyPem, receipt);
  showTimesIn(servedJurisdiction);
  const t = new Translations().load(registryLocales).translator('en');
  if (result.genuine && result.receipt) {
    const r = result.receipt;
    console.log(
      t('registry.verify.genuine', {
        date: `${formatDateTimeWithZone('en', r.receivedAt)} (${r.receivedAt})`,
        number: r.registryNumber,
      }),
    );
    console.log(`SHA-256 of the submission: ${r.sha256}`);
    console.log(`Registry key: ${r.keyId}`);
    return 0;
  }
  const reason = result.reason ?? 'malformed';
  console.log(t('registry.verify.notGenuine', { reason: t(`registry.reason.${reason}`) }));
  console.log(`reason: ${reason}`);
  return 1;
}

type PlacesImport = (db: Database, csv: string, jurisdiction: Config['jurisdiction']) => Promise<ImportResult>;

/** `sauti stations import <file>` and `sauti facilities import <file>`: a list of places, all or nothing. */
async function placesCommand(args: string[], importPlaces: PlacesImport, what: string): Promise<number> {
  const [action, file] = args;
  if (action !== 'import' || !file) {
    console.error(usage);
    return 64;
  }
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch {
    console.error(`Cannot read ${file}.`);
    return 66;
  }
  return withPlatform(async (platform) => {
    const result = await importPlaces(platform.db, csv, platform.config.jurisdiction);
    for (const p of result.problems) console.error(`line ${p.line}: ${p.message}`);
    if (result.problems.length > 0) {
      console.error('Nothing was imported.');
      return 65;
    }
    console.log(`Imported ${result.imported} ${what}.`);
    return 0;
  });
}

const cliActor = { kind: 'system', label: 'sauti command' } as const;

async function open311Command(args: string[]): Promise<number> {
  const [noun, action, argument] = args;
  if (noun !== 'key' || !argument || (action !== 'create' && action !== 'revoke')) {
    console.error(usage);
    return 64;
  }
  return withPlatform(async (platform) => {
    try {
      if (action === 'create') {
        const { id, key } = await createApiKey(platform, cliActor, argument);
        console.log(
          `Open311 API key ${id} for "${argument}":\n${key}\nIt is shown only now; Sauti keeps only its hash.`,
        );
      } else {
        await revokeApiKey(platform, cliActor, argument);
        console.log(`Revoked Open311 API key ${argument}.`);
      }
      return 0;
    } catch (error) {
      if (error instanceof NotFound) {
        console.error(`No Open311 API key ${argument}.`);
        return 1;
      }
      if (error instanceof BadInput) {
        console.error('The label must be 1 to 200 characters.');
        return 65;
      }
      throw error;
    }
  });
}

/** Runs the command as `bin/sauti.js` does: exits with its code (a long-running one, like serve, stays up). */
export function runSauti(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(78);
      }
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
