// What a briefing (server/services/briefings/) and a GeoJSON export (server/services/exports.ts)
// read besides the statistics: the area, its map, inspections, cells, the data version, polygons.
import type { AreaLevel } from '../services/areas.ts';
import { query } from './query.ts';

export interface BriefingAreaRow {
  code: string; level: AreaLevel; name: string; parent: string | null; parentName: string | null; gemeente: string; gemeenteName: string | null;
  inhabitants: number | null; inhabitantsEstimated: boolean; areaKm2: number | null; gemeenteInhabitants: number | null; gemeenteInhabitantsEstimated: boolean | null;
}
export const area = query<{ code: string }, BriefingAreaRow>('briefings/area');
export const mapAreas = query<{ code: string; level: AreaLevel; margin: number }, { map: string }>('briefings/map-areas');
export const inspections = query<{ code: string; from: string; to: string }, { outcome: string; n: number; key_sum: number }>('briefings/inspections');
export interface DataVersionRow { batchId: number | null; kind: string | null; createdAt: string | null; dataFrom: string | null; dataTo: string | null }
export const dataVersion = query<Record<string, never>, DataVersionRow>('briefings/data-version');
export const cellGeometries = query<{ ids: string[] }, { id: string; geometry: string }>('briefings/cell-geometries');
export const areaCells = query<{ code: string; sizes: number[] }, { id: string }>('briefings/area-cells');
export const exportGeometries = query<{ level: AreaLevel; gemeente: string | null }, { code: string; geometry: string }>('briefings/export-geometries');
