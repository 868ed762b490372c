import type { Env } from './values.ts';

export type { Env } from './values.ts';
export { decimal, flag, integer, serviceUrl } from './values.ts';

/**
 * A module's own settings (its environment variables), declared in its manifest (`settings`) and
 * read with the platform's at start, so every problem in the environment is named at once. The
 * module reads its values from the instance's configuration: `platform.config.settings.of(it)`.
 */
export class ModuleSettings<T> {
  declare private readonly type: T;
  constructor(
    readonly name: string,
    readonly read: (env: Env, problems: string[]) => T,
  ) {}
}

/** The values of every declared module setting, for one configuration. */
export class SettingValues {
  private readonly values = new Map<string, unknown>();

  constructor(declared: ReadonlyArray<ModuleSettings<unknown>>, env: Env, problems: string[]) {
    for (const settings of declared) this.values.set(settings.name, settings.read(env, problems));
  }

  of<T>(settings: ModuleSettings<T>): T {
    if (!this.values.has(settings.name)) throw new Error(`no module declares the settings "${settings.name}"`);
    return this.values.get(settings.name) as T;
  }
}
