import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { loadReportsDemo } from './demo.ts';
import { apiRoutes } from './routes/api.ts';
import { followRoutes } from './routes/follow.ts';
import { reportFormRoutes } from './routes/report-form.ts';
import { caseSources, reporterNews } from '../cases/index.ts';
import { reportNews } from './news.ts';
import { reportOnCase, staffRoutes } from './routes/staff.ts';
import { uploadRoutes, uploadsSweepJob } from './uploads.ts';
import { scaleReports } from './scale-store.ts';

export const reportsModule: SautiModule = {
  name: 'reports',
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  tables: { reports: 'append-only' },
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  home: [
    { title: 'reports.home.report.title', body: 'reports.home.report.body', href: '/report' },
    { title: 'reports.home.follow.title', body: 'reports.home.follow.body', href: '/follow' },
  ],
  hashColumns: {
    files: [
      { table: 'evidence', column: 'sha256' },
      { table: 'evidence', column: 'shown_sha256' },
    ],
  },
  routes: [uploadRoutes, reportFormRoutes, followRoutes, staffRoutes, apiRoutes],
  jobs: (platform) => [uploadsSweepJob(platform)],
  extensions: [caseSources.provide('report', reportOnCase), reporterNews.provide('report', reportNews)],
  demo: loadReportsDemo,
  scale: scaleReports,
};
