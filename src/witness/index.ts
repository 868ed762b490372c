export { addCheckpoint, type AddCheckpointInput, type AddCheckpointResult } from './client.ts';
export { witnessCommand, witnessUsage } from './command.ts';
export { startWitness, type RunningWitness, type WitnessOptions } from './run.ts';
