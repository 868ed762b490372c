import { integer, ModuleSettings } from '../../../platform/settings/index.ts';

export interface FootageSettings {
  /** The largest footage file sent by resumable upload, in bytes (a body camera's shift runs to gigabytes). */
  maxBytes: number;
}

export const footageSettings = new ModuleSettings<FootageSettings>('ob-footage', (env, problems) => ({
  maxBytes: integer(env, 'OB_FOOTAGE_MAX_BYTES', 8 * 1024 ** 3, problems, 1024),
}));
