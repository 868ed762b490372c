/** The desks bench:ob drives: desk officers signed in over HTTP, one per station (or all at one), and the entry they send. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request } from 'autocannon';
import { jurisdiction } from '../src/jurisdiction/kenya/index.ts';
import { createUser } from '../src/platform/auth/service.ts';
import type { Platform } from '../src/platform/module.ts';

const PASSWORD = 'bench desk password 0123456789';

export interface Desk {
  path: string;
  cookie: string;
  csrf: string;
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

async function signIn(url: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${url}/staff/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const first = cookiesOf(page);
  const res = await fetch(`${url}/staff/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, username, password: PASSWORD }).toString(),
  });
  if (res.status !== 303) throw new Error(`sign-in of ${username}: ${res.status}`);
  return { cookie: [...first, ...cookiesOf(res)].join('; '), csrf };
}

/** `count` desk officers, each at its own station (the first `count` stations), or all at `oneStation`. */
export async function signInDesks(
  platform: Platform,
  url: string,
  count: number,
  oneStation?: string,
): Promise<Desk[]> {
  const stations = jurisdiction.stations.slice(0, count).map((s) => s.id);
  if (stations.length < count && !oneStation) throw new Error(`only ${stations.length} stations`);
  const desks: Desk[] = [];
  for (let i = 0; i < count; i++) {
    const station = oneStation ?? stations[i]!;
    const username = `desk-${station}-${i}`;
    await createUser(platform.db.pool, {
      username,
      displayName: `Desk officer ${i}`,
      role: 'officer',
      stationId: station,
      password: PASSWORD,
      totpSecret: null,
    });
    desks.push({ path: `/api/ob/stations/${station}/entries`, ...(await signIn(url, username)) });
  }
  return desks;
}

/** A report at the desk as a station writes many a day: a complainant, a suspect, an item, a narrative of a few lines. */
export function entryBody(i: number): string {
  return JSON.stringify({
    kind: 'report',
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    place: 'Outside the bus stage, next to the market',
    narrative:
      `Entry ${i}: the complainant reports that her handbag was snatched by a young man who ran towards the market. ` +
      'She describes him as tall, in a red jacket. Witnesses at the stage saw him. Officers were sent to patrol the area.',
    persons: [
      {
        role: 'complainant',
        name: 'Achieng Otieno',
        idNumber: `2${String(i).padStart(7, '0')}`,
        phone: '0712345678',
        age: 34,
        sex: 'female',
      },
      { role: 'suspect', name: 'Unknown young man in a red jacket', sex: 'male' },
    ],
    property: [{ description: 'Black handbag with a purse, KES 2,300 and a national ID card' }],
  });
}

/** Autocannon's requests: each desk in turn (ob-request.cjs sets the path and session from the file written here). */
export function deskRequests(desks: Desk[], dir: string, tag: string): Request[] {
  const file = join(dir, `desks-${tag}.json`);
  writeFileSync(file, JSON.stringify(desks));
  process.env.SAUTI_BENCH_DESKS = file;
  return Array.from({ length: 16 }, (_, i) => ({
    method: 'POST',
    path: desks[0]!.path,
    headers: { 'content-type': 'application/json' },
    body: entryBody(i),
    setupRequest: fileURLToPath(new URL('./ob-request.cjs', import.meta.url)),
  }));
}
