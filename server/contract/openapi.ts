import { z } from 'zod';
import { ACCESS } from '../routes/access.ts';
import { BUDGETED } from '../routes/budget.ts';
import { ErrorBody } from './common.ts';
import { isOpaque, type Content, type Endpoint, type Opaque, type ResponseSpec } from './endpoint.ts';
import { API_DESCRIPTION, CONTRACT, keyOf } from './index.ts';

/**
 * The OpenAPI 3.1 document of the contract (written to docs/openapi.yaml by `npm run openapi`).
 * Request schemas are converted as zod reads them (`io: 'input'`: defaults optional), response
 * schemas as the server sends them (`io: 'output'`); schemas with a meta `id` become
 * #/components/schemas/<id>. A meta `openapi` replaces a schema's generated JSON Schema (for
 * parameters whose zod form also accepts what it only exists to refuse).
 */

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const PATH_PARAM = /:(\w+)/g;
export const openApiPath = (expressPath: string): string => expressPath.replace(PATH_PARAM, '{$1}');

class Components {
  readonly schemas: Record<string, Json> = {};
  private readonly io: Record<string, Io> = {};

  /** The JSON Schema of `schema`; named parts (and a named root) are moved to the components. */
  convert(schema: z.ZodType, io: Io): Json {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: replaceWithMeta }) as Json;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    for (const [id, def] of Object.entries(defs)) this.add(id, rewriteRefs(def) as Json, io);
    // A named root comes back as a $ref to its definition.
    return rewriteRefs(json) as Json;
  }

  private add(id: string, def: Json, io: Io): void {
    const existing = this.schemas[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(def)) {
      throw new Error(`contract: two different schemas are named ${id} (${this.io[id]} and ${io}); give one of them another id`);
    }
    this.schemas[id] = def;
    this.io[id] = io;
  }
}

/** `.meta({ openapi })`: the schema as documented replaces the generated one. */
function replaceWithMeta({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: Json }): void {
  const meta = z.globalRegistry.get(zodSchema as z.ZodType) as { openapi?: Json; description?: string } | undefined;
  delete jsonSchema.openapi;
  // z.number().int() bounds itself to the safe integers: true of every JSON number we send.
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (!meta?.openapi) return;
  for (const key of Object.keys(jsonSchema)) if (key !== 'description' && key !== 'default') delete jsonSchema[key];
  Object.assign(jsonSchema, meta.openapi);
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [
      k, k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, '#/components/schemas/') : rewriteRefs(v),
    ]));
  }
  return value;
}

function opaqueSchema(s: Opaque): Json {
  const type = s.opaque === 'object' ? { type: 'object' } : { type: 'string', ...(s.opaque === 'binary' ? { format: 'binary' } : {}) };
  return { ...type, ...(s.description ? { description: s.description } : {}) };
}

function content(c: Readonly<Record<string, Content>>, io: Io, components: Components): Json {
  return Object.fromEntries(Object.entries(c).map(([mediaType, s]) => [
    mediaType,
    { schema: isOpaque(s) ? opaqueSchema(s) : components.convert(s, io) },
  ]));
}

/** Parameters of a zod object (path or query), each with its schema and description. */
function parameters(where: 'path' | 'query', schema: z.ZodObject, components: Components): Json[] {
  const json = components.convert(schema, 'input');
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name, in: where,
      ...(where === 'path' || required.has(name) ? { required: true } : {}),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** The query of an endpoint whose parameters depend on a path parameter: their union. */
function variantParameters(variants: Readonly<Record<string, z.ZodObject>>, components: Components): Json[] {
  const byName = new Map<string, { param: Json; in: string[]; requiredIn: string[] }>();
  for (const [variant, schema] of Object.entries(variants)) {
    for (const p of parameters('query', schema, components)) {
      const name = p.name as string;
      const entry = byName.get(name) ?? { param: { ...p, required: undefined }, in: [], requiredIn: [] };
      entry.in.push(variant);
      if (p.required) entry.requiredIn.push(variant);
      byName.set(name, entry);
    }
  }
  const all = Object.keys(variants).length;
  return [...byName.values()].map(({ param, in: inVariants, requiredIn }) => {
    const only = inVariants.length < all ? inVariants.join(', ') : null;
    const notes = [
      ...(only ? [`${only} only`] : []),
      ...(requiredIn.length && requiredIn.length < all ? [requiredIn.length === inVariants.length ? 'required' : `required for ${requiredIn.join(', ')}`] : []),
    ];
    const { required: _required, description, ...rest } = param;
    const text = [description, notes.length ? `(${notes.join('; ')})` : ''].filter(Boolean).join(' ');
    return { ...rest, ...(requiredIn.length === all ? { required: true } : {}), ...(text ? { description: text } : {}) };
  });
}

function response(spec: ResponseSpec, components: Components): Json {
  return {
    description: spec.description,
    ...(spec.headers ? {
      headers: Object.fromEntries(Object.entries(spec.headers).map(([name, h]) => [
        name, { description: h.description, schema: { type: 'string', ...(h.enum ? { enum: [...h.enum] } : {}) } },
      ])),
    } : {}),
    ...(spec.content ? { content: content(spec.content, 'output', components) } : {}),
  };
}

function operation(ep: Endpoint, tag: string, components: Components): Json {
  const params = [
    ...(ep.params ? parameters('path', ep.params, components) : []),
    ...(ep.query ? parameters('query', ep.query, components) : []),
    ...(ep.queryVariants ? variantParameters(ep.queryVariants, components) : []),
  ];
  const responses: Json = {};
  for (const [status, spec] of Object.entries(ep.responses)) responses[status] = response(spec, components);
  // What the access rule and the query budget add: 401 without a session, 403 for a lower role
  // or a missing CSRF token, 429 once the day's budget of statistics requests is used up.
  const access = ACCESS[keyOf(ep)];
  const statuses = new Set([
    ...(ep.errors ?? []),
    ...(access && access !== 'public' ? [401, 403] : []),
    ...(ep.method === 'get' && BUDGETED.some((prefix) => ep.path.startsWith(prefix)) ? [429] : []),
  ]);
  for (const status of [...statuses].sort()) responses[String(status)] = { $ref: '#/components/responses/Error' };
  return {
    tags: [tag],
    summary: ep.summary,
    ...(ep.description ? { description: ep.description } : {}),
    'x-access': ACCESS[keyOf(ep)] ?? null,
    ...(params.length ? { parameters: params } : {}),
    ...(ep.body ? { requestBody: { required: true, content: content(ep.body, 'input', components) } } : {}),
    responses,
  };
}

export function openApiDocument(version: string): Json {
  const components = new Components();
  const paths: Record<string, Record<string, Json>> = {};
  for (const [tag, endpoints] of Object.entries(CONTRACT)) {
    for (const ep of endpoints) {
      const path = openApiPath(ep.path);
      (paths[path] ??= {})[ep.method] = operation(ep, tag, components);
    }
  }
  const error = components.convert(ErrorBody, 'output');
  const schemas = components.schemas;
  return {
    openapi: '3.1.0',
    info: { title: 'Signaalkaart API', version, description: API_DESCRIPTION },
    servers: [{ url: '/api' }],
    tags: Object.keys(CONTRACT).map((name) => ({ name })),
    paths,
    components: {
      responses: {
        Error: { description: 'Error', content: { 'application/json': { schema: error } } },
        NotModified: { description: 'Not modified (If-None-Match matched the ETag); no body', headers: { ETag: { description: 'weak validator of the body', schema: { type: 'string' } } } },
      },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
