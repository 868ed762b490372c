/**
 * Where one module lets others plug in, declared in the manifests and wired per platform instance
 * (never a process-wide map filled as a side effect of registering routes). The module that owns
 * the point defines it (`new ExtensionPoint<CaseSource>('cases.source')`) and reads it from
 * `platform.extensions`; a module that plugs in lists `point.provide(key, value)` in its manifest.
 */
export class ExtensionPoint<T> {
  declare private readonly type: T;
  constructor(readonly name: string) {}

  provide(key: string, value: T): Extension {
    return { point: this.name, key, value };
  }
}

export interface Extension {
  point: string;
  key: string;
  value: unknown;
}

export class Extensions {
  private readonly byPoint = new Map<string, Map<string, unknown>>();

  constructor(extensions: readonly Extension[] = []) {
    for (const { point, key, value } of extensions) {
      let entries = this.byPoint.get(point);
      if (!entries) this.byPoint.set(point, (entries = new Map()));
      if (entries.has(key)) throw new Error(`two modules provide "${key}" to ${point}`);
      entries.set(key, value);
    }
  }

  /** What the modules provide to the point, by key. */
  of<T>(point: ExtensionPoint<T>): ReadonlyMap<string, T> {
    return (this.byPoint.get(point.name) ?? new Map()) as ReadonlyMap<string, T>;
  }

  get<T>(point: ExtensionPoint<T>, key: string): T | undefined {
    return this.of(point).get(key);
  }
}
