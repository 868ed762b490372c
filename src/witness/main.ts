// The witness as a program of its own: `node --import tsx src/witness/main.ts serve --data <dir> --log …`.
// It loads nothing of Sauti but the transparency-log library: no database, no configuration.
import { runProgram } from '../sim-kit/program.ts';
import { witnessCommand } from './command.ts';

runProgram(witnessCommand);
