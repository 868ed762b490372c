// The Daraja simulator as a program of its own: `node --import tsx src/daraja-sim/main.ts [--listen …]`.
// It loads nothing of Sauti but Daraja's time format: no database, no configuration.
import { runProgram } from '../sim-kit/program.ts';
import { darajaSimCommand } from './command.ts';

runProgram(darajaSimCommand);
