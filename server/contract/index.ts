/**
 * The API contract: every endpoint's request (path parameters, query, body) and responses as zod
 * schemas, one module per route module. Routes validate with these schemas and shape their
 * answers to them; `npm run openapi` writes docs/openapi.yaml from them (server/contract/openapi.ts);
 * the dashboard imports their inferred types (type-only: no zod in the bundle).
 *
 * Adding an endpoint: declare it with endpoint({ … }) in the module of its route and add it to
 * that module's list; give it a rule in server/routes/access.ts; in the route, mount(router, ep, …),
 * validate with parseQuery(ep.query, …) / parseBody(ep.body['application/json'], …) and answer
 * with shaped(ep, status, value); run `npm run openapi`. tests/db/openapi.test.ts calls every GET
 * (with its `sample`) and validates the answer.
 */
import { areaEndpoints } from './areas.ts';
import { authEndpoints } from './auth.ts';
import type { Endpoint } from './endpoint.ts';
import { exportEndpoints } from './exports.ts';
import { importEndpoints } from './imports.ts';
import { metaEndpoints } from './meta.ts';
import { overviewEndpoints } from './overview.ts';
import { signalEndpoints } from './signals.ts';
import { statsEndpoints } from './stats.ts';
import { userEndpoints } from './users.ts';

export type { Endpoint } from './endpoint.ts';

/** Every endpoint of the contract, grouped (and tagged in the document) by route module. */
export const CONTRACT: Readonly<Record<string, readonly Endpoint[]>> = {
  meta: metaEndpoints,
  auth: authEndpoints,
  users: userEndpoints,
  areas: areaEndpoints,
  stats: statsEndpoints,
  overview: overviewEndpoints,
  signals: signalEndpoints,
  exports: exportEndpoints,
  imports: importEndpoints,
};

export const ENDPOINTS: readonly Endpoint[] = Object.values(CONTRACT).flat();

/** `GET /users/:username/reset`: the key of the access table (server/routes/access.ts). */
export const keyOf = (ep: Pick<Endpoint, 'method' | 'path'>): string => `${ep.method.toUpperCase()} ${ep.path}`;

export const API_DESCRIPTION = `Statistics of reports of undermining crime (ondermijning) per area, hexagon cell and period.
Generated from the contract in server/contract/ (npm run openapi): do not edit by hand.
Caching: /areas, /stats/areas, /stats/grid, /stats/timeseries and /hotspots are answered from
a server-side cache keyed by the query and the data version (never stale: any import, rollback
or area change starts a new version). They carry a weak \`ETag\` (a hash of the body);
\`If-None-Match\` with it gives 304 without a body. With \`Accept-Encoding: gzip\` the body is
sent gzipped (\`Content-Encoding: gzip\`, \`Vary: Accept-Encoding\`). \`X-Cache\` says hit, miss
or off (cache disabled with STATS_CACHE_MB=0).
No endpoint returns a report's location or id. Every count passes the publication layer
(docs/disclosure.md): the true count plus a small fixed noise chosen by the cell key of exactly
the counted reports (the same set of reports always shows the same number), then values below
k (\`disclosure.k\` in each response: 5, or 10 for sensitive categories and all categories
together) are published as \`{ "value": null, "suppressed": true }\` ("<k"); for sensitive
categories and all categories a zero is shown like that too. Figures derived from counts
(rates, shares, changes) come from the published counts; a count is \`null\` (with \`noData\`)
where the municipality has no imported reports for the period. Published figures need not add
up exactly. Errors are \`{ "error", "detail", "parameter"? }\`.
Access: log in with POST /auth/login (session cookie); state-changing requests send the
X-CSRF-Token header from /auth/me. Roles: viewer (maps, trends, area statistics), analyst (also
grid, hot spots, signals, briefings, exports), admin (also imports, users, audit log); each
operation's \`x-access\` names the least role (public: no login).
Filters shared by the statistics endpoints: \`category\` and \`source\` (ONE code each, or left out
for all: combinations are refused), \`period\` (a menu token: \`2026-W47\` week, \`2026-10\` ISO-week
month, \`2026-Q3\`, \`2025\` ISO year, \`last-1m\` / \`last-3m\` / \`last-6m\` / \`last-12m\`, default
\`last-12m\`) or \`from\`/\`to\` giving exactly such a period (a Monday and a Sunday; day-level and free
ranges are a 400 with the reason), \`gemeente\` (CBS code). Unknown parameters are rejected.
\`/meta\` lists the periods on offer.
`;
