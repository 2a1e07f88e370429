/**
 * Incidents: what the early-signal tests count (methods.md §9.1, "Incidents, not reports").
 *
 * Every test of the detector assumes that, without a change, a place's counts are Poisson: one
 * event, one count. Reports are not like that: neighbours report one address, a caller reports
 * again next week. With ten percent of the incidents reported twice, the null runs of the
 * evaluation gave ten times the false lead signals (docs/evaluation.md, "Repeat reports"). So the
 * tests count *incidents*:
 *
 *   per category and snapped square (the import's grid, SNAP_METRES), the reports form episodes of
 *   INCIDENT_WEEKS weeks from the episode's first report; a report at least INCIDENT_WEEKS weeks
 *   after the current episode's first week begins the next one. Each episode is one incident,
 *   counted in the week of its first report.
 *
 * Why episodes from the first report rather than "no report of the square in the previous weeks"
 * (a chain): a square reported every week for months would then be one incident for ever, and a
 * recurring problem (dumping at one spot) would vanish from the trend test; with episodes it counts
 * once every INCIDENT_WEEKS weeks. Why not fixed calendar blocks (a plain GROUP BY): a repeat that
 * crosses a block boundary counts twice, which left a third of the excess false alarms
 * (docs/evaluation.md, "Repeat reports"). Why six weeks (measured there on null data with 1.5
 * reports per incident): four weeks let repeats that come later count again (0.28 false lead
 * signals a week against 0.14 without repeats, on one set of seeds), six weeks 0.23, eight 0.21;
 * six is the longest that keeps a spot reported every week able to reach the minimum own count of
 * a signal (3 incidents in 13 weeks: weeks 0, 6 and 12), so a recurring problem can still be a
 * rising signal. Independent incidents in one 50 m square in one category within six weeks are
 * rare at these rates; the evaluation measures what merging them costs (it runs this function on
 * simulated, located reports). An episode's start depends on the square's earlier reports, so the
 * counts of a cube depend on the reports before it: both implementations read all of them.
 *
 * Two implementations of one rule: this one (its statement, and the evaluation harness) and the
 * SQL the service uses: incident_starts (migration 019) over each square's weeks, kept as counts per
 * buurt, category and week by every import and rollback (sql/queries/rollups/change-incidents.sql,
 * migration 020) and read by sql/queries/signals/incident-counts.sql;
 * tests/db/incident-counts.test.ts checks that they agree.
 *
 * What is published (the cards' counts, their series and expectation) stays the reports
 * themselves, through the publication layer; the incidents decide only what is significant.
 *
 * Worked example (tests/unit/analysis/incidents.test.ts): reports of one square in weeks 2, 3, 5,
 * 7 and 12 and of another square in week 3 give incidents in week 2 (episode 2–7: weeks 3, 5 and 7
 * are in it), week 3 (the other square) and week 12 (the next episode).
 */

/** Weeks per episode. */
export const INCIDENT_WEEKS = 6;

/** The week index of a day number (days since 1970-01-01; Monday 1970-01-05 begins week 0), as
 *  the SQL computes it from received_on. */
export const weekOfDay = (day: number): number => Math.floor((day - 4) / 7);

/** One report, located: its place (index into the study area's places), category (index),
 *  week (weeks since 1970-01-05) and snapped square (any key that is equal for one square). */
export interface LocatedReport {
  place: number;
  category: number;
  week: number;
  square: string | number;
}

/**
 * Incident counts per category, place-major like the detector's cube: out[c][place * nWeeks + t]
 * for t = week − firstWeek in [0, nWeeks). Pass every report up to the cube's last week (earlier
 * ones decide where episodes begin); incidents that begin before firstWeek or after the cube are
 * not counted. Reports outside the places or categories are ignored.
 */
export function incidentCounts(reports: Iterable<LocatedReport>, nPlaces: number, nCategories: number, firstWeek: number, nWeeks: number, span = INCIDENT_WEEKS): Float64Array[] {
  const weeksOf = new Map<string, { category: number; place: number; weeks: number[] }>();
  for (const r of reports) {
    if (r.place < 0 || r.place >= nPlaces || r.category < 0 || r.category >= nCategories) continue;
    const key = `${r.category}|${r.place}|${r.square}`;
    const entry = weeksOf.get(key);
    if (entry) entry.weeks.push(r.week);
    else weeksOf.set(key, { category: r.category, place: r.place, weeks: [r.week] });
  }
  const out = Array.from({ length: nCategories }, () => new Float64Array(nPlaces * nWeeks));
  for (const { category, place, weeks } of weeksOf.values()) {
    weeks.sort((a, b) => a - b);
    let episode = -Infinity;
    for (const w of weeks) {
      if (w < episode + span) continue;
      episode = w;
      const t = w - firstWeek;
      if (t >= 0 && t < nWeeks) out[category]![place * nWeeks + t]! += 1;
    }
  }
  return out;
}
