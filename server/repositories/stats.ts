// Statistics: areas and hexagon cells with what a statistic needs (server/services/stats.ts) and
// the rollups read into memory (server/services/rollup-store.ts), over sql/queries/stats/.
import type { AreaInfo } from '../services/stats.ts';
import { query } from './query.ts';

export const areaList = query<{ gemeente: string | null }, AreaInfo>('stats/area-list');
export const area = query<{ code: string }, AreaInfo>('stats/area');
export const cellGeometries = query<{ size: number; gemeente: string | null }, { gemeente: string; i: number; j: number; areaKm2: number; geometry: string; lon: number; lat: number }>('stats/cell-geometries');


export const storeBuurten = query<Record<string, never>, { code: string; wijk: string; gemeente: string }>('stats/store-buurten');
export const storeCodes = query<Record<string, never>, { categories: string[]; sources: string[]; gemeenten: string[] }>('stats/store-codes');
export const storeWeekly = query<Record<string, never>, { week: string; buurt: string; category: string; source: string; n: number; key: number }>('stats/store-weekly');
export const storeCells = query<{ size: number }, { month: string; gemeente: string; i: number; j: number; category: string; source: string; n: number; key: number }>('stats/store-cells');
export const storeCellsWeekly = query<{ size: number; from: string; to: string }, { week: string; gemeente: string; i: number; j: number; category: string; source: string; n: number; key: number }>('stats/store-cells-weekly');
