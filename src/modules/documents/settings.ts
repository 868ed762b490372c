import { integer, ModuleSettings } from '../../platform/settings/index.ts';

export interface DocumentSettings {
  /** Hours a station has to settle a request made online before its commander sees it overdue. */
  requestHours: number;
  /** Hours after that before an unsettled request becomes a case for IAU. */
  escalateHours: number;
}

export const documentSettings = new ModuleSettings<DocumentSettings>('documents', (env, problems) => ({
  requestHours: integer(env, 'DOCUMENTS_REQUEST_HOURS', 24, problems, 1, 24 * 30),
  escalateHours: integer(env, 'DOCUMENTS_ESCALATE_HOURS', 24, problems, 1, 24 * 30),
}));
