import type { FinesCommand } from '../parts.ts';

export const paybillCommands: Record<string, FinesCommand> = {};
