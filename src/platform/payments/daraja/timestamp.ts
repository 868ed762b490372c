import { instantAt, zoneOffsetMinutes } from '../../time/index.ts';

/** Daraja writes and reads its times in Kenya's zone, whatever zone Sauti's server runs in. */
export const DARAJA_ZONE = 'Africa/Nairobi';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The instant as Daraja writes it: YYYYMMDDHHmmss in Nairobi time (the STK Timestamp, TransTime, TransactionDate). */
export function darajaTimestamp(at: Date): string {
  const local = new Date(at.getTime() + zoneOffsetMinutes(at, DARAJA_ZONE) * 60_000);
  return (
    pad(local.getUTCFullYear(), 4) +
    pad(local.getUTCMonth() + 1) +
    pad(local.getUTCDate()) +
    pad(local.getUTCHours()) +
    pad(local.getUTCMinutes()) +
    pad(local.getUTCSeconds())
  );
}

/** The instant a Daraja timestamp (YYYYMMDDHHmmss, Nairobi time) names; undefined for anything else. */
export function parseDarajaTimestamp(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return instantAt(`${match[1]}-${match[2]}-${match[3]}`, `${match[4]}:${match[5]}:${match[6]}`, DARAJA_ZONE);
}
