import { femaleNames, maleNames, placeName, placeNameCount, populationOf, surnames } from './census.ts';

export interface ExistingStation {
  id: string;
  name: string;
  county_code: string;
}

export interface NewStation {
  id: string;
  name: string;
  countyCode: string;
  kind: 'station' | 'post' | 'traffic_base';
}

/**
 * How many made-up stations each county gets so that, with the stations already there, the country has `total`
 * spread roughly by population: the shortfall of each county against its population's share, shared out by
 * largest remainder. Counties already above their share get none.
 */
export function stationQuotas(
  existing: readonly ExistingStation[],
  countyCodes: readonly string[],
  total: number,
): Map<string, number> {
  const needed = Math.max(0, total - existing.length);
  const quotas = new Map(countyCodes.map((c) => [c, 0]));
  if (needed === 0) return quotas;
  const people = countyCodes.reduce((sum, c) => sum + populationOf(c), 0);
  const have = new Map<string, number>();
  for (const s of existing) have.set(s.county_code, (have.get(s.county_code) ?? 0) + 1);
  const deficits = countyCodes.map((c) => Math.max(0, (populationOf(c) / people) * total - (have.get(c) ?? 0)));
  const sum = deficits.reduce((a, b) => a + b, 0) || 1;
  const shares = deficits.map((d) => (d / sum) * needed);
  const whole = shares.map(Math.floor);
  let left = needed - whole.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    whole[i]!++;
  }
  countyCodes.forEach((c, i) => quotas.set(c, whole[i]!));
  return quotas;
}

/**
 * The made-up stations (`gen-0001`, "Kalama Police Station"; every eleventh a police post, every thirty-seventh a
 * traffic base), named from the seed and never after a station already there; county by county, in code order.
 */
export function plannedStations(
  existing: readonly ExistingStation[],
  counties: ReadonlyArray<{ code: string; name: string }>,
  total: number,
  seed: number,
): NewStation[] {
  const quotas = stationQuotas(
    existing,
    counties.map((c) => c.code),
    total,
  );
  const takenIds = new Set(existing.map((s) => s.id));
  const takenNames = new Set(existing.map((s) => s.name.split(' ')[0]!.toLowerCase()));
  const out: NewStation[] = [];
  let next = 0;
  let k = 0;
  for (const county of counties) {
    for (let n = 0; n < quotas.get(county.code)!; n++, k++) {
      let id: string;
      do id = `gen-${String(++next).padStart(4, '0')}`;
      while (takenIds.has(id));
      const kind = k % 37 === 36 ? 'traffic_base' : k % 11 === 10 ? 'post' : 'station';
      const place = freshPlace(takenNames, seed, k) ?? `${county.name} ${n + 1}`;
      const name =
        kind === 'traffic_base'
          ? `${place} Traffic Base`
          : kind === 'post'
            ? `${place} Police Post`
            : `${place} Police Station`;
      out.push({ id, name, countyCode: county.code, kind });
    }
  }
  return out;
}

/** A made-up place name not used yet (undefined once they run out). */
function freshPlace(taken: Set<string>, seed: number, k: number): string | undefined {
  // a stride coprime with the number of names walks through all of them from the seed's starting point
  for (let tries = 0; tries < placeNameCount; tries++) {
    const name = placeName((seed + (k + tries) * 1_009) % placeNameCount);
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
  return undefined;
}

/** A person's made-up name, the same for the same number. */
export function personName(i: number): string {
  const given = i % 2 === 0 ? femaleNames : maleNames;
  return `${given[(i >> 1) % given.length]!} ${surnames[(i * 7) % surnames.length]!}`;
}
