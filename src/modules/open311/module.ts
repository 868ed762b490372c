import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { open311Routes } from './routes.ts';
import { loadOpen311Demo } from './service.ts';
import { keyManagerRoles } from './permissions.ts';

/** Open311 GeoReport v2: other civic-reporting apps file and follow misconduct reports at /open311/v2. */
export const open311Module: SautiModule = {
  name: 'open311',
  permissions: { 'issue and revoke API keys': keyManagerRoles },
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  routes: [open311Routes],
  demo: loadOpen311Demo,
};
