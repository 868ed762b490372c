// The Africa's Talking simulator as a program of its own: `node --import tsx src/at-sim/main.ts [--listen …]`.
// It needs no database and no configuration.
import { runProgram } from '../sim-kit/program.ts';
import { atSimCommand } from './command.ts';

runProgram(atSimCommand);
