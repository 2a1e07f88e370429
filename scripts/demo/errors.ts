/** A user-facing error of the demo generator (bad option, bad date, unreadable file). The CLI prints
 * its message on stderr and exits with code 2. */
export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoError';
  }
}
