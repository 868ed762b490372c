import type { FinesCommand, WithPlatform } from './parts.ts';
import { paybillCommands } from './paybill/commands.ts';
import { reconciliationCommands } from './reconciliation/commands.ts';

const commands: Record<string, FinesCommand> = { ...paybillCommands, ...reconciliationCommands };

export const finesUsage = Object.entries(commands)
  .map(([name, c]) => `  sauti fines ${name} ${c.usage}`)
  .join('\n');

/** `sauti fines <command>`: paybill URLs, bank statements, reconciliation. */
export async function finesCommand(args: string[], withPlatform: WithPlatform): Promise<number> {
  const [name = '', ...rest] = args;
  const command = commands[name];
  if (!command) {
    console.error(`Usage:\n${finesUsage}`);
    return 64;
  }
  return command.run(rest, withPlatform);
}
