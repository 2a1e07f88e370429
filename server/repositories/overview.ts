// What the overview (server/services/overview.ts) reads besides the statistics services: the wijk
// of a signal's hexagon cells.
import { query } from './query.ts';

export const cellWijken = query<{ gemeente: string; ids: string[] }, { id: string; wijk: string }>('overview/cell-wijken');
export const wijken = query<{ gemeente: string }, { code: string; name: string }>('overview/wijken');
