import { format } from 'node:util';
import { main } from '../src/cli.ts';

export interface CommandRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs a `sauti` command in this process, as bin/sauti.js runs it but without starting Node again (seconds
 * a time): with `env` set for the call only, and what it prints captured. What only a process can show (its
 * exit code on a bad setting, a password read from stdin) is tested by running bin/sauti.js itself.
 */
export async function sautiInProcess(args: string[], env: Record<string, string | undefined>): Promise<CommandRun> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  };
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => void out.push(`${format(...parts)}\n`);
  console.error = (...parts: unknown[]) => void err.push(`${format(...parts)}\n`);
  setEnv(env);
  try {
    const code = await main(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    console.log = log;
    console.error = error;
    setEnv(saved);
  }
}
