// Areas (CBS boundaries, inhabitants), their derived outlines, buurt pieces and hexagon cells:
// the statements of server/services/areas.ts, over sql/queries/areas/.
import { query } from './query.ts';

export const insertAreaBatch = query<{ fileName: string; contentHash: string; rowsTotal: number; createdBy: string }, { id: number }>('areas/insert-batch');
export const finishAreaBatch = query<{ batchId: number; inserted: number; present: number }>('areas/finish-batch');
export const areaCodes = query<Record<string, never>, { code: string }>('areas/codes');
export const knownAreaCodes = query<{ codes: string[] }, { code: string }>('areas/known-codes');
export const countAreas = query<Record<string, never>, { n: number }>('areas/count');
export const upsertArea = query<{ code: string; level: string; name: string; parentCode: string | null; gemeenteCode: string | null; geometry: string | null }, { inserted: boolean }>('areas/upsert');
export const deriveGemeenteOutline = query<{ gemeenteCode: string }>('areas/derive-gemeente-outline');
export const clearBuurtPieces = query<{ gemeenteCode: string }>('areas/clear-buurt-pieces');
export const buildBuurtPieces = query<{ gemeenteCode: string }>('areas/build-buurt-pieces');
export const clearGridCells = query<{ gemeenteCode: string }>('areas/clear-grid-cells');
export const buildGridCells = query<{ gemeenteCode: string; size: number }>('areas/build-grid-cells');
export const setInhabitants = query<{ code: string; inhabitants: number; estimated: boolean; source: string }>('areas/set-inhabitants');
export const deriveParentInhabitants = query<{ level: 'wijk' | 'gemeente'; given: string[] }, { code: string }>('areas/derive-parent-inhabitants');
export const setLabelPoints = query<{ gemeenteCode: string }>('areas/label-points');
