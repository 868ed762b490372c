/** Errors services throw; the HTTP layer turns each into its status and a message that reveals nothing more. */

export interface FieldProblem {
  field: string;
  /** i18n key of the message */
  message: string;
  params?: Record<string, string | number>;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class BadInput extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    super(400, 'bad_input', `invalid: ${problems.map((p) => p.field).join(', ')}`);
  }
}

export class NotFound extends DomainError {
  constructor() {
    super(404, 'not_found', 'not found');
  }
}

export class Forbidden extends DomainError {
  constructor() {
    super(403, 'forbidden', 'not allowed');
  }
}

export class Unauthenticated extends DomainError {
  constructor() {
    super(401, 'unauthenticated', 'sign in required');
  }
}

export class Conflict extends DomainError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export class TooLarge extends DomainError {
  constructor(
    readonly field: string,
    readonly limitBytes: number,
  ) {
    super(413, 'too_large', `${field} is larger than ${limitBytes} bytes`);
  }
}

export class UnsupportedType extends DomainError {
  constructor(
    readonly field: string,
    readonly detected: string | undefined,
  ) {
    super(415, 'unsupported_type', `${field}: this type of file is not accepted`);
  }
}

/** Collects field problems while validating, then throws them all at once. */
export class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, message: string, params?: Record<string, string | number>): void {
    this.list.push(params ? { field, message, params } : { field, message });
  }
  has(field: string): boolean {
    return this.list.some((p) => p.field === field);
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new BadInput(this.list);
  }
}

/** Throws a 400 for one field. */
export function badField(field: string, message: string, params?: Record<string, string | number>): never {
  throw new BadInput([params ? { field, message, params } : { field, message }]);
}
