/** Bad input from a user or a file: becomes a 4xx JSON error or a CLI message, never a crash. */
export class InputError extends Error {
  readonly status: number;
  readonly details: string[];
  readonly parameter?: string;
  constructor(message: string, details: string[] = [], options: { status?: number; parameter?: string } = {}) {
    super(message);
    this.name = 'InputError';
    this.details = details;
    this.status = options.status ?? 400;
    this.parameter = options.parameter;
  }
}

export class NotFoundError extends InputError {
  constructor(message: string, parameter?: string) {
    super(message, [], { status: 404, parameter });
    this.name = 'NotFoundError';
  }
}
