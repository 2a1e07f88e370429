/**
 * Incidents: what the early-signal tests count (methods.md §9.1, "Incidents, not reports").
 *
 * Every test of the detector assumes that, without a change, a place's counts are Poisson: one
 * event, one count. Reports are not like that: neighbours report one address, a caller reports
 * again next week. With ten percent of the incidents reported twice, the null runs of the
 * evaluation gave ten times the false lead signals (docs/evaluation.md, "Repeat reports"). So the
 * tests count *incidents*:
 *
 *   1. per category and snapped square (the import's grid, SNAP_METRES), the reports form
 *      episodes of INCIDENT_WEEKS weeks from the episode's first report; a report at least
 *      INCIDENT_WEEKS weeks after the current episode's first week begins the next one. Each
 *      episode is one incident, counted in the week of its first report (its first day: the day
 *      of that report);
 *   2. same day: where SAME_DAY_SQUARES or more squares of one buurt begin an incident of one
 *      category on one day, and no incident of that buurt and category began in the
 *      SAME_DAY_QUIET_DAYS days before, those incidents count as one.
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
 * Why the same-day rule (engine v13): one person who files reports about five addresses of a
 * street on one afternoon, or five neighbours who report one smell, is one event, but five squares
 * made it five incidents, and in a quiet buurt and category five incidents in a week is a lead
 * signal that stays listed while the window holds it. With four such sweeps of 3–6 reports a year
 * per municipality the null runs gave 0.26 / 0.18 false lead signals a week (Twenterand /
 * Almelo, 8 exploration seeds; 0.10 / 0.06 without sweeps): over the floor of 0.25. Merging every
 * same-day group of three brought it back to 0.11 / 0.06, but cost real outbreaks, whose reports
 * fall on the same day by chance once they come daily (5 of 120 floor-mode plants lost, 9 found
 * later); merging only a group that begins after two quiet weeks keeps those (1 lost, 1 later) and
 * gives 0.12 / 0.08 (docs/evaluation.md, "Frequent reporters"). Only earlier days decide, so
 * reports after a run's last day cannot change its counts. Pairs are not merged: two squares on one
 * day are common in a busy buurt and a pair cannot reach the minimum own count (3) alone.
 * Reports without a day (LocatedReport.day unset) never merge.
 *
 * Two implementations of one rule: this one (its statement, and the evaluation harness) and the
 * SQL the service uses: incident_start_days (migration 022) over each square's days, kept as the
 * number of squares whose incident began per buurt, category and day by every import and rollback
 * (sql/queries/rollups/change-incidents.sql, migrations 020 and 022), and the same-day rule applied
 * by sql/queries/signals/incident-counts.sql, which the runs read; tests/db/incident-counts.test.ts
 * checks that they agree.
 *
 * What is published (the cards' counts, their series and expectation) stays the reports
 * themselves, through the publication layer; the incidents decide only what is significant.
 *
 * Worked example (tests/unit/analysis/incidents.test.ts): reports of one square in weeks 2, 3, 5,
 * 7 and 12 and of another square in week 3 give incidents in week 2 (episode 2–7: weeks 3, 5 and 7
 * are in it), week 3 (the other square) and week 12 (the next episode). Four squares of a quiet
 * buurt reported on one day are one incident; the same four on one day when another square of the
 * buurt began an incident ten days before are four.
 */

/** Weeks per episode. */
export const INCIDENT_WEEKS = 6;

/** Squares of one buurt and category beginning an incident on one day that count as one (rule 2). */
export const SAME_DAY_SQUARES = 3;

/** Days before such a day without an incident of that buurt and category (rule 2). */
export const SAME_DAY_QUIET_DAYS = 14;

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
  /** Day number of the report (days since 1970-01-01), where known: the same-day rule needs it. */
  day?: number;
}

/**
 * Incident counts per category, place-major like the detector's cube: out[c][place * nWeeks + t]
 * for t = week − firstWeek in [0, nWeeks). Pass every report up to the cube's last week (earlier
 * ones decide where episodes begin); incidents that begin before firstWeek or after the cube are
 * not counted. Reports outside the places or categories are ignored. `sameDay` null: without rule 2
 * (the engine before v13, for the evaluation's comparison).
 */
export function incidentCounts(reports: Iterable<LocatedReport>, nPlaces: number, nCategories: number, firstWeek: number, nWeeks: number, span = INCIDENT_WEEKS, sameDay: { squares: number; quietDays: number } | null = { squares: SAME_DAY_SQUARES, quietDays: SAME_DAY_QUIET_DAYS }): Float64Array[] {
  const daysOf = new Map<string, { category: number; place: number; dated: boolean; days: number[] }>();
  for (const r of reports) {
    if (r.place < 0 || r.place >= nPlaces || r.category < 0 || r.category >= nCategories) continue;
    const key = `${r.category}|${r.place}|${r.square}`;
    // Without a day: the week's Monday, and never merged (rule 2 needs the day).
    const day = r.day ?? 7 * r.week + 4;
    const entry = daysOf.get(key);
    if (entry) entry.days.push(day);
    else daysOf.set(key, { category: r.category, place: r.place, dated: r.day !== undefined, days: [day] });
  }
  // Episode starts per category, place and day: how many squares began an incident that day.
  const starts = new Map<string, { category: number; place: number; day: number; squares: number }>();
  const out = Array.from({ length: nCategories }, () => new Float64Array(nPlaces * nWeeks));
  const add = (category: number, place: number, day: number, n: number) => {
    const t = weekOfDay(day) - firstWeek;
    if (t >= 0 && t < nWeeks) out[category]![place * nWeeks + t]! += n;
  };
  for (const { category, place, dated, days } of daysOf.values()) {
    days.sort((a, b) => a - b);
    let episode = -Infinity;
    for (const d of days) {
      const w = weekOfDay(d);
      if (w < episode + span) continue;
      episode = w;
      if (!dated) {
        add(category, place, d, 1);
        continue;
      }
      const key = `${category}|${place}|${d}`;
      const entry = starts.get(key);
      if (entry) entry.squares += 1;
      else starts.set(key, { category, place, day: d, squares: 1 });
    }
  }
  // Days with incident starts per category and place (for the quiet days before a group).
  const dayList = new Map<string, number[]>();
  for (const { category, place, day } of starts.values()) {
    const key = `${category}|${place}`;
    const list = dayList.get(key);
    if (list) list.push(day);
    else dayList.set(key, [day]);
  }
  for (const { category, place, day, squares } of starts.values()) {
    const merge = sameDay !== null && squares >= sameDay.squares && !dayList.get(`${category}|${place}`)!.some((d) => d < day && d >= day - sameDay.quietDays);
    add(category, place, day, merge ? 1 : squares);
  }
  return out;
}
