import type { Database } from '../db/index.ts';
import { sql } from '../db/index.ts';
import { periodMenu, type PeriodMenu } from '../publish/periods.ts';

export interface Health {
  status: 'ok';
  engine: Database['engine'];
  postgis: string;
  migrationLevel: number;
  counts: { areas: number; reports: number; inspections: number };
}

export async function health(db: Database): Promise<Health> {
  const [row] = await db.query<{ postgis: string; level: number; areas: number; reports: number; inspections: number }>(sql('meta/health'));
  return {
    status: 'ok',
    engine: db.engine,
    postgis: row!.postgis,
    migrationLevel: row!.level,
    counts: { areas: row!.areas, reports: row!.reports, inspections: row!.inspections },
  };
}

export interface Category { code: string; labelNl: string; labelEn: string; descriptionNl: string; descriptionEn: string; sensitive: boolean; colour: string }
export interface Source { code: string; labelNl: string; labelEn: string; descriptionNl: string; descriptionEn: string }

export function categories(db: Database): Promise<Category[]> {
  return db.query<Category>(`SELECT code, label_nl AS "labelNl", label_en AS "labelEn", description_nl AS "descriptionNl",
    description_en AS "descriptionEn", sensitive, colour FROM categories ORDER BY sort_order`);
}

export function sources(db: Database): Promise<Source[]> {
  return db.query<Source>(`SELECT code, label_nl AS "labelNl", label_en AS "labelEn", description_nl AS "descriptionNl",
    description_en AS "descriptionEn" FROM sources ORDER BY sort_order`);
}

export interface Meta {
  extent: { from: string | null; to: string | null };
  /** The periods that can be asked for (whole ISO weeks and ISO-week months; docs/disclosure.md). */
  periods: PeriodMenu;
  gemeenten: { code: string; name: string; inhabitants: number | null; inhabitantsEstimated: boolean; bbox: [number, number, number, number] | null }[];
  categories: Category[];
  sources: Source[];
  lastImport: { id: number; kind: string; createdAt: string } | null;
}

export async function meta(db: Database): Promise<Meta> {
  const [extent] = await db.query<{ from: string | null; to: string | null }>(
    `SELECT min(day)::text AS "from", max(day)::text AS "to" FROM report_counts_daily`,
  );
  const gemeenten = await db.query<{ code: string; name: string; inhabitants: number | null; inhabitantsEstimated: boolean; bbox: [number, number, number, number] | null }>(sql('meta/gemeenten'));
  const [lastImport] = await db.query<{ id: number; kind: string; createdAt: string }>(
    `SELECT id, kind, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
     FROM import_batches WHERE kind IN ('reports', 'inspections') ORDER BY id DESC LIMIT 1`,
  );
  return {
    extent: extent ?? { from: null, to: null },
    periods: periodMenu({ firstDay: extent?.from ?? null, lastDay: extent?.to ?? null }),
    gemeenten,
    categories: await categories(db),
    sources: await sources(db),
    lastImport: lastImport ?? null,
  };
}
