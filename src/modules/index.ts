import type { SautiModule } from '../platform/module.ts';
import { casesModule } from './cases/module.ts';
import { obModule } from './ob/module.ts';
import { engageModule } from './engage/module.ts';
import { open311Module } from './open311/module.ts';
import { registryModule } from './registry/module.ts';
import { reportsModule } from './reports/module.ts';
import { voiceModule } from './voice/module.ts';
import { documentsModule } from './documents/module.ts';
import { finesModule } from './fines/module.ts';
import { channelsModule } from './channels/module.ts';
import { adminModule } from './admin/module.ts';
import { insightsModule } from './insights/module.ts';

/** Every module, in the order their migrations and routes are registered (cases first: it is the hub). */
export const modules: SautiModule[] = [
  casesModule,
  registryModule,
  reportsModule,
  open311Module,
  engageModule,
  voiceModule,
  obModule,
  documentsModule,
  finesModule,
  channelsModule,
  adminModule,
  insightsModule,
];
