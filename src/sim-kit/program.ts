/**
 * Runs a command as a program of its own: a command answers an exit code, or -1 while it serves (it then
 * exits on a signal, see exitOnSignal).
 */
export function runProgram(command: (args: string[]) => Promise<number>): void {
  command(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

/** On SIGTERM or SIGINT: close, then exit 0 (or 1 when closing failed). */
export function exitOnSignal(close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
