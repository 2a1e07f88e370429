// What the overview (server/services/overview.ts) reads besides the statistics services: the wijk
// names of a municipality's wijken.
import { query } from './query.ts';

export const wijken = query<{ gemeente: string }, { code: string; name: string }>('overview/wijken');
