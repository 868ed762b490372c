import type { FinesCommand } from '../parts.ts';

export const reconciliationCommands: Record<string, FinesCommand> = {};
