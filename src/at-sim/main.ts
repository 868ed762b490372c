// The Africa's Talking simulator as a program of its own: `node --import tsx src/at-sim/main.ts [--listen …]`.
// It needs no database and no configuration.
import { atSimCommand } from './command.ts';

atSimCommand(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
