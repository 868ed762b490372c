import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { publicKeyRoutes, verifyApiRoutes, verifyPageRoutes } from './routes.ts';

/**
 * The IG's office registry's signed delivery receipts: the public key, the verification page and
 * API. Modules that issue receipts provide a `receiptLookups` entry so a receipt is checked
 * against what they stored.
 */
export const registryModule: SautiModule = {
  name: 'registry',
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  routes: [publicKeyRoutes, verifyPageRoutes, verifyApiRoutes],
};
