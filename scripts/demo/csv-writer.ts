/**
 * Buffered text file writer that respects stream backpressure: text is collected into chunks of
 * `chunkSize` characters, and when the stream's own buffer is above its high-water mark the
 * writer waits for 'drain' before handing over more. Memory use stays bounded by roughly
 * chunkSize + highWaterMark, whatever the file size.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { DemoError } from './errors.ts';

export class BufferedWriter {
  private readonly stream: WriteStream;
  private buf = '';
  private error: Error | undefined;

  constructor(
    readonly path: string,
    private readonly chunkSize = 1 << 20,
    highWaterMark = 4 << 20,
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark });
    this.stream.on('error', (err) => {
      this.error = err;
    });
  }

  /** Buffers text; call `flushIfFull()` regularly (e.g. after every few thousand rows). */
  write(text: string): void {
    this.buf += text;
  }

  async flushIfFull(): Promise<void> {
    if (this.buf.length >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    this.check();
    if (this.buf.length === 0) return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.stream.write(chunk)) await this.wait('drain');
    this.check();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.wait('finish');
    this.check();
  }

  /** Waits for an event; `once` rejects when the stream emits 'error' meanwhile. */
  private async wait(event: 'drain' | 'finish'): Promise<void> {
    try {
      await once(this.stream, event);
    } catch (err) {
      this.error = err instanceof Error ? err : new Error(String(err));
    }
  }

  private check(): void {
    if (this.error) throw new DemoError(`cannot write ${this.path}: ${this.error.message}`);
  }
}
