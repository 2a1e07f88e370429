// Place names (kernen) for orientation: server/services/places.ts, over sql/queries/places/.
import type { Place, PlaceKind } from '../services/places.ts';
import { query } from './query.ts';

export const deleteForGemeenten = query<{ gemeenten: string[] }>('places/delete-for-gemeenten');
export const insertPlace = query<{ name: string; kind: PlaceKind; gemeente: string; areas: string[] }>('places/insert');
export const locate = query<{ gemeente: string }>('places/locate');
export const list = query<Record<string, never>, Place>('places/list');
