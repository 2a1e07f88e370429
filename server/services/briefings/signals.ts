// The one place a briefing reads early signals: an adapter over the signal engine's read side
// (`listSignals` in server/services/signals/index.ts, the same list as GET /api/signals). It keeps
// the signals of the latest run that lie in the briefing's area and match its category filter.
// Explanations come from the engine's Explainer, which formats every count through the
// disclosure module; no location other than a cell id or buurt code is passed on.
import type { Database } from '../../db/index.ts';
import { areaCells } from '../../repositories/briefings.ts';
import type { DisclosureConfig } from '../../publish/index.ts';
import { parentOf, type AreaLevel } from '../areas.ts';
import { listSignals } from '../signals/index.ts';

export interface BriefingSignal {
  rank: number;
  kind: string;
  classCode: string;
  category: string | null;
  categoryLabel: { nl: string; en: string } | null;
  status: string;
  firstDay: string;
  lastDay: string;
  locationType: 'cell' | 'buurt';
  /** Cell ids (GMxxxx:size:i:j) or buurt codes, for drawing on the map. */
  locations: string[];
  explanation: { nl: string; en: string };
}

export interface BriefingSignals {
  run: { id: number; finishedAt: string; lastDay: string | null; current: boolean } | null;
  /** Signals in the area, in the engine's ranking. */
  items: BriefingSignal[];
}

const CELL_SIZE = /^GM\d{4}:(\d+):/;

export async function briefingSignals(
  db: Database,
  area: { code: string; level: AreaLevel; gemeente: string },
  category: string | null,
  disclosure: DisclosureConfig,
): Promise<BriefingSignals> {
  const list = await listSignals(db, { category: null, status: null, kind: 'lead', gemeente: area.gemeente, limit: 1000 });
  void disclosure; // the run stored the published figures with the installation's settings
  if (!list.run) return { run: null, items: [] };
  const inCategory = (c: string | null) => (category ? c === category : true);
  const candidates = list.signals.filter((s) => inCategory(s.category));
  const sizes = [...new Set(candidates.flatMap((s) => s.highlight.cells.map((id) => Number(CELL_SIZE.exec(id)?.[1] ?? 0))))].filter((n) => n > 0);
  const cells = sizes.length > 0
    ? new Set((await areaCells(db, { code: area.code, sizes })).map((r) => r.id))
    : new Set<string>();
  const buurtInArea = (code: string) =>
    area.level === 'gemeente' ? code.startsWith(`BU${area.gemeente.slice(2)}`) : area.level === 'wijk' ? parentOf(code) === area.code : code === area.code;
  const items = candidates
    .filter((s) => s.highlight.cells.some((id) => cells.has(id)) || s.highlight.areas.some(buurtInArea))
    .map((s) => ({
      rank: s.rank,
      kind: s.kind,
      classCode: s.class,
      category: s.category,
      categoryLabel: s.category ? (s.categoryLabel as { nl: string; en: string } | null) : null,
      status: s.status,
      firstDay: s.firstDay,
      lastDay: s.lastDay,
      locationType: s.locationType,
      locations: s.highlight.areas,
      explanation: s.explanation,
    }));
  return {
    run: { id: list.run.id, finishedAt: list.run.finishedAt, lastDay: list.run.dataVersion.lastDay, current: list.run.current },
    items,
  };
}
