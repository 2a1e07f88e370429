// What /api/health, /api/meta, /api/categories and /api/sources read.
import { query } from './query.ts';

export interface Category { code: string; labelNl: string; labelEn: string; descriptionNl: string; descriptionEn: string; sensitive: boolean; colour: string }
export interface Source { code: string; labelNl: string; labelEn: string; descriptionNl: string; descriptionEn: string }
export interface GemeenteMeta { code: string; name: string; inhabitants: number | null; inhabitantsEstimated: boolean; bbox: [number, number, number, number] | null; dataFrom: string | null; dataTo: string | null }

export const health = query<Record<string, never>, { postgis: string; level: number; version: string }>('meta/health');
export const healthCounts = query<Record<string, never>, { areas: number; reports: number; inspections: number }>('meta/health-counts');
export const categories = query<Record<string, never>, Category>('meta/categories');
export const sources = query<Record<string, never>, Source>('meta/sources');
export const extent = query<Record<string, never>, { from: string | null; to: string | null }>('meta/extent');
export const gemeenten = query<Record<string, never>, GemeenteMeta>('meta/gemeenten');
export const lastImport = query<Record<string, never>, { id: number; kind: string; createdAt: string }>('meta/last-import');

/** The data version of migration 006 (bumped by every write statistics are computed from). */
export const dataVersion = query<Record<string, never>, { version: string }>('meta/data-version', { prepared: true });
export interface KnownCodesRow { categories: string[]; sources: string[]; gemeenten: string[]; start: string | null; end: string | null }
export const knownCodes = query<Record<string, never>, KnownCodesRow>('meta/known-codes');
export const gemeenteExtents = query<Record<string, never>, { gemeente: string; first: string; last: string }>('meta/gemeente-extents');
