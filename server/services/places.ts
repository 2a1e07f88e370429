/** Place names (kernen) for orientation on the map and in briefings: a shipped list of towns,
 *  villages and hamlets, each named after the CBS areas that make it up (data/places/README.md).
 *  Its point is derived in the database from those areas' polygons, never typed in. */
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import type { Database, Queryable } from '../db/index.ts';
import { knownAreaCodes } from '../repositories/areas.ts';
import * as repo from '../repositories/places.ts';
import { InputError } from '../errors.ts';

export const PLACE_KINDS = ['stad', 'dorp', 'buurtschap'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface Place {
  name: string;
  kind: PlaceKind;
  gemeente: string;
  /** [lon, lat] in WGS84, 5 decimals. */
  point: [number, number];
}

const placeRow = z.object({
  name: z.string().trim().min(1, 'is empty').max(80),
  kind: z.enum(PLACE_KINDS, { message: `must be one of ${PLACE_KINDS.join(', ')}` }),
  gemeente: z.string().regex(/^GM\d{4}$/, 'must be a CBS municipality code (GM + 4 digits)'),
  areas: z.string().trim().transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(WK\d{6}|BU\d{8})$/, 'lists a code that is not a wijk or buurt code')).min(1, 'lists no areas')),
});

/** Loads a places file (`name;kind;gemeente;areas`): it replaces the places of the municipalities
 *  it names. Every problem is reported at once; nothing changes unless all rows are valid. */
export async function importPlaces(db: Database, text: string, fileName: string): Promise<{ places: number; gemeenten: string[] }> {
  let records: Record<string, string>[];
  try {
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    records = parseCsv(text, { bom: true, columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), delimiter: firstLine.includes(';') ? ';' : ',', skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new InputError(`${fileName} cannot be read as CSV: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new InputError(`${fileName} has no data rows`);
  const errors: string[] = [];
  const rows: z.infer<typeof placeRow>[] = [];
  records.forEach((r, i) => {
    const parsed = placeRow.safeParse(r);
    if (!parsed.success) for (const issue of parsed.error.issues) errors.push(`line ${i + 2}: ${issue.path.join('.')} ${issue.message}`);
    else if (parsed.data.areas.some((c) => c.slice(2, 6) !== parsed.data.gemeente.slice(2))) errors.push(`line ${i + 2}: areas lists an area of another municipality than ${parsed.data.gemeente}`);
    else rows.push(parsed.data);
  });
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.gemeente}:${r.name}`;
    if (seen.has(key)) errors.push(`place ${r.name} (${r.gemeente}) occurs more than once`);
    seen.add(key);
  }
  if (errors.length > 0) throw new InputError(`${fileName} has invalid rows`, errors.slice(0, 100));
  return db.transaction(async (tx) => {
    const wanted = [...new Set(rows.flatMap((r) => r.areas))];
    const known = new Set((await knownAreaCodes(tx, { codes: wanted })).map((r) => r.code));
    const unknown = wanted.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new InputError(`${fileName} names areas that are not loaded`, unknown.slice(0, 100).map((c) => `${c} is not a loaded area`));
    const gemeenten = [...new Set(rows.map((r) => r.gemeente))].sort();
    await repo.deleteForGemeenten(tx, { gemeenten });
    for (const r of rows) {
      await repo.insertPlace(tx, { name: r.name, kind: r.kind, gemeente: r.gemeente, areas: r.areas });
    }
    for (const g of gemeenten) await locatePlaces(tx, g);
    return { places: rows.length, gemeenten };
  });
}

/** Recomputes the points of a municipality's places from its current polygons. */
export async function locatePlaces(tx: Queryable, gemeenteCode: string): Promise<void> {
  await repo.locate(tx, { gemeente: gemeenteCode });
}

export function listPlaces(db: Queryable): Promise<Place[]> {
  return repo.list(db, {});
}
