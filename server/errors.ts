/** Bad input from a user or a file: becomes a 4xx JSON error or a CLI message, never a crash. */
export class InputError extends Error {
  readonly status: number;
  readonly details: string[];
  readonly parameter?: string;
  /** Machine-readable form of the refusal (imports: every kind of row problem with examples),
   *  for a client that shows it in its own language. */
  readonly code?: string;
  readonly params?: Record<string, string | number>;
  readonly problems?: unknown[];
  constructor(message: string, details: string[] = [], options: { status?: number; parameter?: string; code?: string; params?: Record<string, string | number>; problems?: unknown[] } = {}) {
    super(message);
    this.name = 'InputError';
    this.details = details;
    this.status = options.status ?? 400;
    this.parameter = options.parameter;
    this.code = options.code;
    this.params = options.params;
    this.problems = options.problems;
  }
}

export class NotFoundError extends InputError {
  constructor(message: string, parameter?: string) {
    super(message, [], { status: 404, parameter });
    this.name = 'NotFoundError';
  }
}
