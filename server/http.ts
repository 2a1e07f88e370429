import express, { type Request, type Response } from 'express';
import { checkJsonNesting } from './services/imports/limits.ts';
import { z } from 'zod';
import { InputError } from './errors.ts';
import type { Actor } from './services/audit.ts';

/** `.strict()` makes a new schema, which zod compiles anew on its first parse: under load that
 *  was ~5% of the server's CPU, so each route's strict schema is made once. */
const strictSchemas = new WeakMap<z.ZodObject, z.ZodObject>();

/** Validates `req.query` with a zod schema; the first problem becomes a 400 naming the parameter.
 *  Unknown parameters are rejected too, so a typo does not silently return unfiltered data. */
export function parseQuery<T extends z.ZodRawShape>(schema: z.ZodObject<T>, query: unknown): z.infer<z.ZodObject<T>> {
  let strict = strictSchemas.get(schema) as z.ZodObject<T> | undefined;
  if (!strict) {
    strict = schema.strict();
    strictSchemas.set(schema, strict);
  }
  const result = strict.safeParse(query ?? {});
  if (!result.success) throw zodToInputError(result.error);
  return result.data;
}

/** Validates a JSON request body (a missing body counts as `{}`); the first problem becomes a 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw zodToInputError(result.error);
  return result.data;
}

export function zodToInputError(error: z.ZodError): InputError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return new InputError(`unknown parameter ${keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')}`, [], { parameter: keys[0]?.slice(0, 40) });
  }
  const parameter = issue.path.map(String).join('.') || undefined;
  return new InputError(`${parameter ?? 'request'}: ${issue.message}`, [], { parameter });
}

/** Reads a request body as a stream of chunks, stopping with 413 past `limit` bytes. */
export async function* limitedBody(req: Request, limit: number): AsyncGenerator<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new InputError(`the upload is ${declared} bytes; the limit is ${limit} bytes`, [], { status: 413 });
  let seen = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    seen += chunk.byteLength;
    if (seen > limit) throw new InputError(`the upload is larger than the limit of ${limit} bytes`, [], { status: 413 });
    yield chunk;
  }
}

/** The acting user of a request, for the audit trail (set by the access-control middleware). */
export function actorOf(req: Request, res: Response): Actor {
  const user = res.locals.user as { username: string; role: string } | undefined;
  let ip: string | null = null;
  try {
    ip = req.ip ?? null; // throws once the client's socket is gone
  } catch {
    ip = null;
  }
  return { username: user?.username ?? 'anonymous', role: user?.role ?? null, ip };
}

/** Requests the HTTP parser refuses (oversized headers, malformed request lines) still get a
 *  JSON error instead of an empty response. */
export function hardenServer(server: import('node:http').Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: import('node:stream').Duplex) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({ error: status === 431 ? 'request headers or URL too large' : 'malformed HTTP request', detail: [] });
    socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/** Nesting allowed in a JSON request body: the API's bodies are flat objects. */
export const MAX_BODY_DEPTH = 8;

/** express.json with a size limit and a nesting limit checked on the raw text before parsing: a
 *  body of a few kB can nest thousands of levels, which JSON.stringify (audit details) or a
 *  validator would recurse into until the stack runs out. */
export function jsonBody(limit: string, options: { strict?: boolean } = {}) {
  return express.json({
    limit,
    strict: options.strict ?? true,
    verify: (_req, _res, buf) => checkJsonNesting(buf.toString('utf8'), MAX_BODY_DEPTH),
  });
}
