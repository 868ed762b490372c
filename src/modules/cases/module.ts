import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { directiveJobs } from './directives/directives.ts';
import { directiveRoutes } from './directives/routes.ts';
import { caseApiRoutes, caseStaffRoutes } from './routes.ts';
import { waitingCases } from './queue.ts';
import { canDirect, caseRoles, directedUnitOf } from './permissions.ts';
import { scaleCases } from './scale-store.ts';

export const casesModule: SautiModule = {
  name: 'cases',
  permissions: {
    'work on cases (each sees those its walls let through)': caseRoles,
    'issue directives and see them all': canDirect,
    'answer directives for a unit': (who) => directedUnitOf(who) !== null,
  },
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  // who a case names: the walls are built from it
  tables: { case_subjects: 'append-only', case_notes: 'append-only' },
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  nav: [
    { label: 'cases.nav.queue', href: '/staff/cases', roles: caseRoles, counts: waitingCases },
    // the IPOA liaison too: it delivers when the IG's office directs IPOA
    { label: 'cases.directive.nav', href: '/staff/directives', roles: caseRoles },
  ],
  home: [{ title: 'cases.directive.home.title', body: 'cases.directive.home.body', href: '/directives' }],
  hashColumns: { files: [{ table: 'case_directive_deliverables', column: 'sha256' }] },
  routes: [caseStaffRoutes, caseApiRoutes, ...directiveRoutes],
  jobs: directiveJobs,
  scale: scaleCases,
};
