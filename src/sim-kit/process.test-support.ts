import { after } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const REPOSITORY = new URL('../../', import.meta.url).pathname;

/**
 * Starts `main` (a program's main.ts) as a process, with the given arguments; whatever is still running when
 * the test file ends is killed.
 */
export function programStarter(main: URL): (args: string[]) => ChildProcess {
  const started = new Set<ChildProcess>();
  after(() => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return (args) => {
    // a bare environment: these programs need none of Sauti's configuration and no database
    const child = spawn(process.execPath, ['--import', 'tsx', main.pathname, ...args], {
      cwd: REPOSITORY,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.add(child);
    return child;
  };
}

/** Reads what the program prints until it says where it listens ("listening on <url>"). */
export async function listening(child: ChildProcess, program: string): Promise<{ url: string; printed: string[] }> {
  const printed: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for await (const line of createInterface({ input: child.stdout! })) {
    printed.push(line);
    const url = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
    if (url) {
      child.stdout!.resume();
      return { url, printed };
    }
  }
  throw new Error(`the ${program} stopped before listening: ${stderr}`);
}

/** Sends SIGTERM and settles with the exit code. */
export async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

/** Settles when the program exits, with its exit code and what it printed. */
export async function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
