/** "host:port" or "[v6 address]:port" */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`--listen is host:port, not "${listen}".`);
  return { host: (match[1] ?? match[2])!, port };
}

/** The value of `--<name>` as a whole number from min to max. */
export function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return value;
}
