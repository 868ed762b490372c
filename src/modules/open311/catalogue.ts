import { counties, jurisdiction, misconductCategories, misconductCategory } from '../../jurisdiction/kenya/index.ts';
import { listStations } from '../../platform/db/reference-store.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { startOfLocalDay } from '../../platform/time/index.ts';
import { MAX_OFFICERS } from '../reports/index.ts';
import { english } from './common.ts';
import { DEMO_API_KEY } from './keys.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint last changed in a way clients should know of. */
export const CHANGESET = startOfLocalDay('2026-11-23', jurisdiction.timeZone);
export type Discovery = {
  changeset: Date;
  contact: string;
  key_service: string;
  endpoints: Array<{
    specification: string;
    url: string;
    changeset: Date;
    type: 'production' | 'test';
    formats: string[];
  }>;
};

export function discovery(platform: Platform): Discovery {
  const t = english(platform);
  const { publicUrl, demo } = platform.config;
  return {
    changeset: CHANGESET,
    contact: t('open311.discovery.contact', { url: publicUrl }),
    key_service: demo
      ? `${t('open311.discovery.keyService')} ${t('open311.discovery.demoKey', { key: DEMO_API_KEY })}`
      : t('open311.discovery.keyService'),
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${publicUrl}/open311/v2`,
        changeset: CHANGESET,
        type: demo ? 'test' : 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export type Service = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
};

export function listServices(platform: Platform): Service[] {
  const t = english(platform);
  return misconductCategories.map((c) => ({
    service_code: c.code,
    service_name: t(`category.${c.code}`),
    description: t(`category.${c.code}.hint`),
    metadata: true,
    type: 'realtime',
    keywords: c.keywords.join(', '),
    group: t('open311.group'),
  }));
}

export type Attribute = {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
};

export type ServiceDefinition = { service_code: string; attributes: Attribute[] };

/** The questions each misconduct category asks, beyond the description and location. */
export async function serviceDefinition(platform: Platform, code: string): Promise<ServiceDefinition> {
  if (!misconductCategory(code)) throw new NotFound();
  const t = english(platform);
  const countyName = new Map(counties.map((c) => [c.code, c.name]));
  const stations = await listStations(platform.db.pool);
  const attribute = (a: Omit<Attribute, 'variable' | 'description' | 'datatype_description'>): Attribute => ({
    variable: true,
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    datatype_description: t(`open311.attribute.${a.code}.format`, { max: MAX_OFFICERS }),
    order: a.order,
    description: t(`open311.attribute.${a.code}`),
    ...(a.values ? { values: a.values } : {}),
  });
  return {
    service_code: code,
    attributes: [
      attribute({
        code: 'county',
        datatype: 'singlevaluelist',
        required: false,
        order: 1,
        values: counties.map((c) => ({ key: c.code, name: c.name })),
      }),
      attribute({
        code: 'station',
        datatype: 'singlevaluelist',
        required: false,
        order: 2,
        values: stations.map((s) => ({
          key: s.id,
          name: `${s.name} (${countyName.get(s.county_code) ?? s.county_code})`,
        })),
      }),
      attribute({
        code: 'anonymous',
        datatype: 'singlevaluelist',
        required: false,
        order: 3,
        values: [
          { key: 'yes', name: t('open311.attribute.anonymous.yes') },
          { key: 'no', name: t('open311.attribute.anonymous.no') },
        ],
      }),
      attribute({ code: 'officers', datatype: 'string', required: false, order: 4 }),
      attribute({ code: 'occurred_at', datatype: 'datetime', required: false, order: 5 }),
    ],
  };
}
