/** The incident rule has two implementations: the squares beginning an incident per buurt,
 *  category and day the imports keep (incident_counts, migrations 020 and 022, with
 *  incident_start_days), to which sql/queries/signals/incident-counts.sql applies the same-day rule
 *  as the service reads them, and server/analysis/incidents.ts (its statement, and the evaluation
 *  harness). Random reports with many repeats, same-day groups in quiet and busy weeks, episodes
 *  that began before the cube and reports after it must give the same counts from both. */
import { randomLcg } from 'd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_WEEKS, SAME_DAY_QUIET_DAYS, SAME_DAY_SQUARES, incidentCounts, weekOfDay, type LocatedReport } from '../../server/analysis/incidents.ts';
import * as repo from '../../server/repositories/signals.ts';
import { rebuildRollups } from '../../server/services/imports/index.ts';
import { openTestDb, type TestDb } from './harness.ts';

let t: TestDb;
beforeAll(async () => { t = await openTestDb('base'); });
afterAll(async () => t?.dispose());

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekOf = (day: string) => weekOfDay(Date.parse(`${day}T00:00:00Z`) / DAY);

describe('incident counts (SQL) against the rule in TypeScript', () => {
  it('are derived with the same episode length and same-day rule', async () => {
    const [row] = await t.db.query<{ weeks: number; squares: number; quiet: number }>('SELECT incident_weeks() AS weeks, same_day_squares() AS squares, same_day_quiet_days() AS quiet');
    expect(row).toEqual({ weeks: INCIDENT_WEEKS, squares: SAME_DAY_SQUARES, quiet: SAME_DAY_QUIET_DAYS });
  });

  it('agree on random repeat reports, across block boundaries and the edge of the cube', async () => {
    const [buurt] = await t.db.query<{ code: string; gemeente: string; wijk: string }>(
      `SELECT code, gemeente_code AS gemeente, parent_code AS wijk FROM areas WHERE level = 'buurt' ORDER BY code LIMIT 1`);
    expect(buurt).toBeDefined();
    const other = await t.db.query<{ code: string }>(`SELECT code FROM areas WHERE level = 'buurt' AND gemeente_code = $1 ORDER BY code LIMIT 3 OFFSET 1`, [buurt!.gemeente]);
    // Three buurten with random reports, and a fourth with only the same-day groups below.
    const buurten = [buurt!.code, ...other.map((o) => o.code)];
    const busy = buurten.slice(0, 3);
    const categories = ['hennep', 'afvaldumping'];
    const rng = randomLcg(42);
    const start = Date.UTC(2025, 0, 1);
    type Row = { id: string; day: string; category: string; buurt: string; x: number; y: number };
    const rows: Row[] = [];
    for (let i = 0; i < 600; i++) {
      const day = iso(start + Math.floor(rng() * 140) * DAY);
      // Few squares, so that repeats (same square, category and block) are common.
      const x = 230_000 + 50 * Math.floor(rng() * 4);
      const y = 490_000 + 50 * Math.floor(rng() * 3);
      rows.push({ id: `inc-${i}`, day, category: categories[Math.floor(rng() * 2)]!, buurt: busy[Math.floor(rng() * busy.length)]!, x, y });
    }
    // And squares with one report, or a few within six weeks: one incident each (the query's
    // shortcut without the episode loop).
    for (let i = 0; i < 60; i++) {
      const first = Math.floor(rng() * 140);
      for (let k = 0; k < 1 + (i % 3); k++) {
        rows.push({ id: `one-${i}-${k}`, day: iso(start + (first + Math.floor(rng() * 35)) * DAY), category: categories[i % 2]!, buurt: busy[i % busy.length]!, x: 240_000 + 50 * i, y: 490_000 });
      }
    }
    // Same-day groups of 2–5 new squares (a frequent reporter), in the busy buurten and in the
    // quiet fourth: some a few days after another (busy), some in the 14 days before the cube
    // (their quiet days are read from before :from), one on the cube's first day (day 33).
    const groupDays = [10, 25, 31, 33, 40, 44, 58, 61, 80, 95, 110, 126, 131];
    groupDays.forEach((d, g) => {
      for (let k = 0; k < 2 + (g % 4); k++) {
        rows.push({ id: `grp-${g}-${k}`, day: iso(start + d * DAY), category: categories[g % 2]!, buurt: buurten[g % buurten.length]!, x: 260_000 + 50 * k, y: 491_000 + 50 * g });
      }
    });
    // Reports of another municipality at the same squares: not its incidents.
    const [elsewhere] = await t.db.query<{ code: string; gemeente: string; wijk: string }>(
      `SELECT code, gemeente_code AS gemeente, parent_code AS wijk FROM areas WHERE level = 'buurt' AND gemeente_code <> $1 ORDER BY code LIMIT 1`, [buurt!.gemeente]);
    expect(elsewhere).toBeDefined();
    const foreign = Array.from({ length: 5 }, (_, k) => ({ id: `far-${k}`, day: iso(start + 60 * DAY), category: 'hennep', x: 240_000 + 50 * k, y: 490_000 }));
    await t.db.transaction(async (tx) => {
      for (const r of foreign) {
        await tx.query(
          `INSERT INTO reports (source, external_id, received_on, category, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id,
             hex250_i, hex250_j, hex500_i, hex500_j, hex1000_i, hex1000_j, record_key)
           VALUES ('test', $1, $2::date, $3, ST_SetSRID(ST_MakePoint($4, $5), 28992), $6, $7, $8, 0, 0, 0, 0, 0, 0, 0, 1)`,
          [r.id, r.day, r.category, r.x, r.y, elsewhere!.code, elsewhere!.wijk, elsewhere!.gemeente]);
      }
      for (const r of rows) {
        await tx.query(
          `INSERT INTO reports (source, external_id, received_on, category, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id,
             hex250_i, hex250_j, hex500_i, hex500_j, hex1000_i, hex1000_j, record_key)
           VALUES ('test', $1, $2::date, $3, ST_SetSRID(ST_MakePoint($4, $5), 28992), $6, $7, $8, 0, 0, 0, 0, 0, 0, 0, 1)`,
          [r.id, r.day, r.category, r.x, r.y, r.buurt, buurt!.wijk, buurt!.gemeente]);
      }
    });
    // Inserted without an import: the rollups, incidents included, are derived from the reports.
    await rebuildRollups(t.db);
    // A cube that starts after the first reports (episodes that began before it) and ends before the last ones.
    const from = '2025-02-03';
    const to = '2025-04-27';
    const firstWeek = weekOf(from);
    const nWeeks = weekOf(to) - firstWeek + 1;
    const sql = await repo.incidentCounts(t.db, { gemeente: buurt!.gemeente, from, to });
    const fromSql = categories.map(() => new Float64Array(buurten.length * nWeeks));
    for (const r of sql) {
      expect(buurten, 'a buurt of the municipality asked for').toContain(r.buurt);
      fromSql[categories.indexOf(r.category)]![buurten.indexOf(r.buurt) * nWeeks + r.week - firstWeek] += r.n;
    }
    const located: LocatedReport[] = rows
      .filter((r) => r.day <= to)
      .map((r) => ({ place: buurten.indexOf(r.buurt), category: categories.indexOf(r.category), week: weekOf(r.day), square: `${r.x},${r.y}`, day: Date.parse(`${r.day}T00:00:00Z`) / DAY }));
    const expected = incidentCounts(located, buurten.length, categories.length, firstWeek, nWeeks);
    expect(fromSql.map((c) => Array.from(c))).toEqual(expected.map((c) => Array.from(c)));
    // The same-day rule merged some groups and left others (the check is not trivial either way):
    // it removed incidents, but fewer than merging every group of three or more in the cube would.
    const without = incidentCounts(located, buurten.length, categories.length, firstWeek, nWeeks, INCIDENT_WEEKS, null);
    const sum = (counts: Float64Array[]) => counts.reduce((a, c) => a + c.reduce((x, v) => x + v, 0), 0);
    const removed = sum(without) - sum(expected);
    const mergeable = groupDays.reduce((a, d, g) => {
      const day = iso(start + d * DAY);
      const size = 2 + (g % 4);
      return a + (day >= from && day <= to && size >= SAME_DAY_SQUARES ? size - 1 : 0);
    }, 0);
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(removed).toBeLessThan(mergeable);
    // Repeats were merged (the check is not trivial): fewer incidents than reports in the cube.
    const reportsInCube = rows.filter((r) => r.day >= from && r.day <= to).length;
    const incidents = expected.reduce((a, c) => a + c.reduce((x, v) => x + v, 0), 0);
    expect(incidents).toBeGreaterThan(20);
    expect(incidents).toBeLessThan(reportsInCube * 0.8);
  });
});
