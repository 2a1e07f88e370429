import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import type { Database, Queryable } from '../db/index.ts';
import * as repo from '../repositories/areas.ts';
import { InputError } from '../errors.ts';
import { locatePlaces } from './places.ts';

/** Hexagon sizes (edge length in metres) offered for grids and rollups. */
export const CELL_SIZES = [250, 500, 1000] as const;
export type CellSize = (typeof CELL_SIZES)[number];

const position = z.tuple([z.number().finite(), z.number().finite()]).rest(z.number());
const ring = z.array(position).min(4);
const geometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
  z.null(),
]);
const areaFeature = z.object({
  type: z.literal('Feature'),
  geometry,
  properties: z.object({
    statcode: z.string().regex(/^(GM\d{4}|WK\d{6}|BU\d{8})$/, 'statcode must be a CBS code: GM + 4, WK + 6 or BU + 8 digits'),
    statnaam: z.string().trim().min(1).max(200),
  }).passthrough(),
});
const areaCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).min(1, 'the file has no features') });

export type AreaLevel = 'gemeente' | 'wijk' | 'buurt';

interface ParsedArea {
  code: string;
  level: AreaLevel;
  name: string;
  parentCode: string | null;
  gemeenteCode: string;
  geometry: string | null;
}

export function levelOf(code: string): AreaLevel {
  return code.startsWith('BU') ? 'buurt' : code.startsWith('WK') ? 'wijk' : 'gemeente';
}

/** CBS convention: BU + gggg ww bb → WK gggg ww → GM gggg. */
export function parentOf(code: string): string | null {
  if (code.startsWith('BU')) return `WK${code.slice(2, 8)}`;
  if (code.startsWith('WK')) return `GM${code.slice(2, 6)}`;
  return null;
}

/** Validates CBS-style GeoJSON (properties `statcode`, `statnaam`) into area rows; every problem
 *  is collected so the caller can report them all at once. */
export function parseAreaFile(text: string, fileName: string): ParsedArea[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${fileName} is not valid JSON: ${(err as Error).message}`);
  }
  const collection = areaCollection.safeParse(json);
  if (!collection.success) throw new InputError(`${fileName} is not a GeoJSON FeatureCollection of areas: ${collection.error.issues[0]?.message}`);
  const errors: string[] = [];
  const areas: ParsedArea[] = [];
  collection.data.features.forEach((raw, index) => {
    const feature = areaFeature.safeParse(raw);
    if (!feature.success) {
      const issue = feature.error.issues[0];
      errors.push(`feature ${index + 1}: ${issue?.path.join('.')} ${issue?.message}`);
      return;
    }
    const { statcode, statnaam } = feature.data.properties;
    const level = levelOf(statcode);
    areas.push({
      code: statcode,
      level,
      name: statnaam,
      parentCode: parentOf(statcode),
      gemeenteCode: `GM${statcode.slice(2, 6)}`,
      geometry: feature.data.geometry ? JSON.stringify(feature.data.geometry) : null,
    });
  });
  if (errors.length > 0) throw new InputError(`${fileName} has invalid features`, errors.slice(0, 100));
  return areas;
}

const LEVEL_ORDER: Record<AreaLevel, number> = { gemeente: 0, wijk: 1, buurt: 2 };

export interface AreaImportResult {
  batchId: number;
  inserted: number;
  updated: number;
  byLevel: Record<AreaLevel, number>;
  gemeenten: string[];
}

/** Loads areas (any mix of levels, one or more files) in one transaction, derives each affected
 *  municipality's outline as the union of its buurten, and rebuilds its hexagon cells. */
export async function importAreas(db: Database, files: { name: string; text: string }[], createdBy = 'cli'): Promise<AreaImportResult> {
  const parsed = files.flatMap((f) => parseAreaFile(f.text, f.name));
  const seen = new Set<string>();
  for (const a of parsed) {
    if (seen.has(a.code)) throw new InputError(`area ${a.code} occurs more than once`);
    seen.add(a.code);
  }
  parsed.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code));
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.text);

  return db.transaction(async (tx) => {
    const [batch] = await repo.insertAreaBatch(tx, { fileName: files.map((f) => f.name).join(', '), contentHash: hash.digest('hex'), rowsTotal: parsed.length, createdBy });
    const existing = new Set((await repo.areaCodes(tx, {})).map((r) => r.code));
    const byLevel: Record<AreaLevel, number> = { gemeente: 0, wijk: 0, buurt: 0 };
    let inserted = 0;
    const gemeenten = new Set<string>();
    for (const area of parsed) {
      if (area.parentCode && !existing.has(area.parentCode)) {
        if (area.level === 'wijk') {
          // A municipality row is created on the fly; its outline comes from its buurten.
          await repo.upsertArea(tx, { code: area.parentCode, level: 'gemeente', name: area.parentCode, parentCode: null, gemeenteCode: area.parentCode, geometry: null });
          existing.add(area.parentCode);
        } else {
          throw new InputError(`buurt ${area.code} belongs to wijk ${area.parentCode}, which is not loaded: import the wijken file first or in the same call`);
        }
      }
      const [row] = await repo.upsertArea(tx, {
        code: area.code, level: area.level, name: area.name, parentCode: area.parentCode, gemeenteCode: area.gemeenteCode, geometry: area.geometry,
      });
      if (row?.inserted) inserted++;
      existing.add(area.code);
      byLevel[area.level]++;
      gemeenten.add(area.gemeenteCode);
    }
    for (const code of gemeenten) {
      await repo.deriveGemeenteOutline(tx, { gemeenteCode: code });
      await repo.clearBuurtPieces(tx, { gemeenteCode: code });
      await repo.buildBuurtPieces(tx, { gemeenteCode: code });
      await rebuildGridCells(tx, code);
      // Label points (and the places named after these areas) follow the new polygons.
      await repo.setLabelPoints(tx, { gemeenteCode: code });
      await locatePlaces(tx, code);
    }
    await repo.finishAreaBatch(tx, { batchId: batch!.id, inserted, present: parsed.length - inserted });
    return { batchId: batch!.id, inserted, updated: parsed.length - inserted, byLevel, gemeenten: [...gemeenten].sort() };
  });
}

export async function rebuildGridCells(tx: Queryable, gemeenteCode: string): Promise<void> {
  await repo.clearGridCells(tx, { gemeenteCode });
  for (const size of CELL_SIZES) await repo.buildGridCells(tx, { gemeenteCode, size });
}

const populationRow = z.object({
  code: z.string().regex(/^(GM\d{4}|WK\d{6}|BU\d{8})$/, 'is not a CBS area code'),
  inhabitants: z.coerce.number().int().min(0).max(10_000_000),
  estimated: z.enum(['true', 'false', '1', '0', 'ja', 'nee', '']).optional(),
});

/** Header names accepted for the two columns of a CBS "Kerncijfers wijken en buurten" extract. */
const CODE_HEADERS = ['code', 'statcode', 'gwb_code', 'gwb_code_10', 'wijkenenbuurten', 'regiocode'];
const INHABITANTS_HEADERS = ['inhabitants', 'inwoners', 'aantal_inwoners', 'a_inw', 'aantalinwoners_5', 'bevolking'];

export interface PopulationImportResult { updated: number; estimated: number; derivedParents: number }

/** Loads inhabitants per area from a CSV; parents without their own figure get the sum of their
 *  children (estimated if any child is). All rows valid or nothing changes. */
export async function importPopulation(db: Database, text: string, fileName: string, source: string): Promise<PopulationImportResult> {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, delimiter: firstLine.includes(';') ? ';' : ',', skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (err) {
    throw new InputError(`${fileName} cannot be read as CSV: ${(err as Error).message}`);
  }
  if (records.length < 2) throw new InputError(`${fileName} has no data rows`);
  const header = records[0]!.map((h) => h.toLowerCase());
  const codeAt = header.findIndex((h) => CODE_HEADERS.includes(h));
  const inhabitantsAt = header.findIndex((h) => INHABITANTS_HEADERS.includes(h));
  const estimatedAt = header.indexOf('estimated');
  if (codeAt < 0 || inhabitantsAt < 0) {
    throw new InputError(`${fileName} needs an area code column (${CODE_HEADERS.join(', ')}) and an inhabitants column (${INHABITANTS_HEADERS.join(', ')})`);
  }
  const errors: string[] = [];
  const rows: { code: string; inhabitants: number; estimated: boolean }[] = [];
  records.slice(1).forEach((cells, index) => {
    const parsed = populationRow.safeParse({ code: cells[codeAt], inhabitants: cells[inhabitantsAt]?.replace(/\./g, ''), estimated: estimatedAt >= 0 ? cells[estimatedAt]?.toLowerCase() : undefined });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors.push(`line ${index + 2}: ${issue?.path.join('.')} ${issue?.message}`);
    } else rows.push({ code: parsed.data.code, inhabitants: parsed.data.inhabitants, estimated: ['true', '1', 'ja'].includes(parsed.data.estimated ?? '') });
  });
  if (errors.length > 0) throw new InputError(`${fileName} has invalid rows`, errors.slice(0, 100));
  return db.transaction(async (tx) => {
    const known = new Set((await repo.knownAreaCodes(tx, { codes: rows.map((r) => r.code) })).map((r) => r.code));
    const unknown = rows.filter((r) => !known.has(r.code)).map((r) => r.code);
    if (unknown.length > 0) throw new InputError(`${fileName} names areas that are not loaded`, unknown.slice(0, 100).map((c) => `${c} is not a loaded area`));
    for (const r of rows) {
      await repo.setInhabitants(tx, { code: r.code, inhabitants: r.inhabitants, estimated: r.estimated, source });
    }
    const given = rows.map((r) => r.code);
    let derivedParents = 0;
    for (const level of ['wijk', 'gemeente'] as const) {
      const updated = await repo.deriveParentInhabitants(tx, { level, given });
      derivedParents += updated.length;
    }
    return { updated: rows.length, estimated: rows.filter((r) => r.estimated).length, derivedParents };
  });
}
