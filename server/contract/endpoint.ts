import type { RequestHandler, Router } from 'express';
import type { z } from 'zod';

/**
 * One endpoint of the API contract (after Immich's server: one contract per endpoint, from which
 * the OpenAPI document and the client's types follow). Its schemas are the ones the route
 * validates with; `responses` name what each status carries.
 *
 * - `params`, `query`: zod objects (query: unknown parameters are refused by parseQuery).
 * - `body`: the request body per media type (JSON bodies as a zod schema; uploads as text).
 * - `responses`: per status a description and the content per media type; `errors` lists the
 *   statuses answered with the common error body.
 * - `sample`: how the OpenAPI test calls a GET (a concrete path and a query string).
 */
export type Method = 'get' | 'post' | 'put' | 'delete';

/** A body or response described, not modelled: text (CSV, HTML), binary (PDF), or a JSON
 *  document whose shape follows other data (the GeoJSON export). */
export interface Opaque {
  readonly opaque: 'string' | 'binary' | 'object';
  readonly description?: string;
}

export type Content = z.ZodType | Opaque;

export interface ResponseSpec {
  readonly description: string;
  readonly content?: Readonly<Record<string, Content>>;
  /** Response headers by name, each a short description (and its values, where fixed). */
  readonly headers?: Readonly<Record<string, { description: string; enum?: readonly string[] }>>;
}

export interface Endpoint {
  readonly method: Method;
  /** The express path below /api (`/users/:username/reset`). */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** A query that depends on a path parameter (exports: one per file), documented as the union
   *  of their parameters. */
  readonly queryVariants?: Readonly<Record<string, z.ZodObject>>;
  readonly body?: Readonly<Record<string, Content>>;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Statuses answered with the error body `{ error, detail, … }`. */
  readonly errors?: readonly number[];
  readonly sample?: { readonly path?: string; readonly query?: string };
}

/** Declares an endpoint, keeping its literal types (for the route's and the client's types). */
export function endpoint<const E extends Endpoint>(e: E): E {
  return e;
}

export const isOpaque = (c: Content): c is Opaque => typeof (c as Opaque).opaque === 'string';

/** The JSON body a route sends for a status, as the contract's type: the route shapes its answer
 *  to it (checked by the compiler; the OpenAPI test validates sample answers against the schema). */
export type JsonOf<E extends Endpoint, S extends keyof E['responses']> =
  E['responses'][S] extends { content: infer C } ? C extends Record<string, unknown> ? {
    [M in keyof C]: C[M] extends z.ZodType ? z.input<C[M]> : never
  }[keyof C] : never : never;

/**
 * At compile time `value` must have the contract's shape for `status`. At run time the identity —
 * except under test (vitest, or CONTRACT_CHECK=1): then the answer is parsed with the contract's
 * schema and one that leaves it throws (a 500 naming the endpoint), so every route a test calls
 * is checked against its contract, whatever the test looks at. CONTRACT_CHECK=0 turns it off.
 */
export function shaped<E extends Endpoint, S extends keyof E['responses'] & number>(ep: E, status: S, value: JsonOf<E, S>): JsonOf<E, S> {
  if (contractCheck) checkShape(ep, status, value);
  return value;
}

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const contractCheck = env.CONTRACT_CHECK === '1' || (env.VITEST !== undefined && env.CONTRACT_CHECK !== '0');

/** Throws when `value` is not what `ep` documents for `status` (its JSON media type). */
export function checkShape(ep: Endpoint, status: number, value: unknown): void {
  const content = Object.values(ep.responses[status]?.content ?? {}).find((c): c is z.ZodType => !isOpaque(c));
  if (!content) throw new Error(`contract: ${ep.method.toUpperCase()} ${ep.path} has no JSON answer for ${status}`);
  const parsed = content.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`contract: the ${status} answer of ${ep.method.toUpperCase()} ${ep.path} leaves its schema: ${issues}`);
  }
}

/** Registers a route at the contract's method and path (so a mounted route cannot leave its
 *  contract; the OpenAPI test also checks the other direction). */
export function mount(router: Router, ep: Endpoint, ...handlers: RequestHandler[]): void {
  (router[ep.method] as (path: string, ...h: RequestHandler[]) => unknown).call(router, ep.path, ...handlers);
}
