/**
 * What the platform needs to know of the country it serves. The platform never imports a
 * jurisdiction: the configuration names one (`config.jurisdiction`) and boot passes it on.
 */
export interface Jurisdiction {
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** Times are stored in UTC and shown, dated and counted in this IANA zone. */
  timeZone: string;
  /** How the zone is named after a time read away from Sauti (a receipt's "… 14:30 EAT"). */
  timeZoneAbbreviation: string;
  currency: string;
  languages: readonly string[];
  caseReferencePrefix: string;
  /** Folder of the jurisdiction's texts (en.json, sw.json...): county names and the like. */
  locales: string;
  counties: ReadonlyArray<{ code: string; name: string }>;
  units: ReadonlyArray<{ code: string; name: string }>;
  stations: ReadonlyArray<{ id: string; name: string; countyCode: string; kind?: string }>;
  /** Health facilities whose medical officers examine people (P3 forms); the full list is imported. */
  facilities: ReadonlyArray<{ id: string; name: string; countyCode: string; kind?: string }>;
}
