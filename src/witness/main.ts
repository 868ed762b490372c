// The witness as a program of its own: `node --import tsx src/witness/main.ts serve --data <dir> --log …`.
// It loads nothing of Sauti but the transparency-log library: no database, no configuration.
import { witnessCommand } from './command.ts';

witnessCommand(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
