/**
 * The time rules read: the real time unless a test has set it. Every rule asks `platform.clock.now()`
 * rather than `new Date()`, so a test can stand the clock still at any moment (a Monday at 11:30 in
 * Nairobi, midnight) and move it on.
 */
export class Clock {
  #fixed: number | undefined;

  /** The current time: the real one, or the moment the clock was set to. */
  now(): Date {
    return new Date(this.#fixed ?? Date.now());
  }

  /** Stands the clock still at this moment until it is set again or reset. */
  set(at: Date): this {
    if (Number.isNaN(at.getTime())) throw new RangeError('clock: not a valid date');
    this.#fixed = at.getTime();
    return this;
  }

  /** Moves a set clock on (or back, with a negative number); a real clock cannot be moved. */
  advance(ms: number): this {
    if (this.#fixed === undefined) throw new Error('clock: set it before moving it');
    this.#fixed += ms;
    return this;
  }

  /** Back to the real time. */
  reset(): this {
    this.#fixed = undefined;
    return this;
  }

  /** Whether the clock stands at a set moment (tests) rather than following the real time. */
  get isSet(): boolean {
    return this.#fixed !== undefined;
  }
}
