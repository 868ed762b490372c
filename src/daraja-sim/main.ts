// The Daraja simulator as a program of its own: `node --import tsx src/daraja-sim/main.ts [--listen …]`.
// It loads nothing of Sauti but Daraja's time format: no database, no configuration.
import { darajaSimCommand } from './command.ts';

darajaSimCommand(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
