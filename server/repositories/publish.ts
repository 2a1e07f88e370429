// What the publication layer (server/publish/index.ts) reads from the database.
import { query } from './query.ts';

export const sensitiveCategories = query<Record<string, never>, { code: string }>('publish/sensitive-categories');
