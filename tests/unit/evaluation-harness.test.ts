import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTOR_PARAMS } from '../../server/analysis/earlySignals.ts';
import { FLOOR_MIN_EXPECTED, negativeBinomialUpperTail, runFloorHarness, runHarness, summarise, summariseFloor, wilson } from '../../scripts/evaluate/harness.ts';
import { poissonRateInterval } from '../../server/analysis/poisson.ts';
import { randomLcg } from 'd3';
import { addSweeps, drawBackground, poisson, type ReportModel, type SweepVariant } from '../../scripts/evaluate/simulate.ts';
import { incidentCounts, type LocatedReport } from '../../server/analysis/incidents.ts';

// A reduced version of `npm run evaluate` (docs/evaluation.md) on the pure detector with its
// defaults: it fails when the false-alarm rate or the recall leaves its floor.
// - False lead signals on null data at the demo's volume: the floor, ≤ 0.25 a week; with
//   repeat reports (1.5 reports per incident, spread over the following weeks) at most twice that.
// - Recall at 5 × the demo's volume, where the recall floors are reachable (at the demo's
//   volume they are not: docs/evaluation.md explains why): sudden plants with RR ≥ 3 and ≥ 8 planted
//   reports found within 4 weeks ≥ 80 %, median delay ≤ 2 weeks; rising plants with ≥ 8 planted
//   reports found within 26 weeks ≥ 70 %.
// - The floor mode at 5 × the volume: one extra sudden plant per data set drawn from the floor's own
//   definition (RR U(3, 5), ≥ 8 planted reports expected by the deadline), found within 4 weeks
//   ≥ 80 %, median delay ≤ 3 weeks (the floor's 2 is missed, see the test).
// Seeds differ from the ones `npm run evaluate` reports.

describe('evaluation harness (reduced)', () => {
  /** The null runs' seeds (Twenterand, 26 weekly runs each). */
  const SEEDS = [7001, 7002, 7003, 7004, 7005, 7006, 7007, 7008];

  it('stays under 0.25 false lead signals per municipality per week on null data', () => {
    // Eight seeds (until 2026-12-06 the first four: 0.24 there, 25 signals in 104 runs — chance
    // episodes of busy categories that stay on the list for 2–5 weeks — too few runs to judge a
    // rate of 0.25). On all eight 0.16 (33 in 208 runs, 95 % CI 0.11–0.22); with Fisher's window
    // test 0.12. The 20 reported seeds of docs/evaluation.md give 0.09–0.10.
    const r = runHarness({ seeds: SEEDS, municipalities: ['GM1700'], plants: { sudden: 0, rising: 0 }, runWeeks: 26, params: DEFAULT_DETECTOR_PARAMS, skipPlants: true });
    const fa = summarise(r).falseAlarms.perMunicipality.GM1700!;
    expect(fa.runs).toBe(208);
    expect(fa.perWeek).toBeLessThanOrEqual(0.25);
  }, 300_000);

  it('keeps false lead signals near the floor with repeat reports (1.5 reports per incident), where counting reports multiplies them', () => {
    // The null test's seeds and runs. A chance rising trend stays on the list for weeks, so a few
    // seeds vary a lot — counting incidents gives 0.13 a week here (0.16 without repeats; on the
    // first four seeds 0.21, with Fisher's window test 0.36, before the weights of the short
    // windows 0.43; docs/evaluation.md has the rates over more seeds), counting reports 3.8 (on
    // the first four 3.9; with Fisher's test 4.6, under plain BH 9.5, whose threshold grew with
    // every discovery the repeats made). Since the dispersion estimate (engine v6, dispersion.ts)
    // counting reports gives 0.97 (3.8 with the Poisson tests): repeats make report counts
    // over-dispersed, which the estimate partly absorbs, but not at the tiny counts where one
    // incident reported three times is "significant". Counting incidents: 0.135 with and without
    // the estimate. Engine v10's estimate (each block left out of its own expectation, never below
    // the pooled one) absorbs more of it: counting reports 0.47, counting incidents 0.13. The
    // bounds: twice the floor for incidents, and counting reports over 1.4 times the floor and
    // 2.5 times what counting incidents gives: the test fails when the engine goes back to counting
    // reports or the incident rule stops merging repeats, not on a seed's unlucky trend.
    const options = { seeds: SEEDS, municipalities: ['GM1700' as const], plants: { sudden: 0, rising: 0 }, runWeeks: 26, params: DEFAULT_DETECTOR_PARAMS, skipPlants: true, repeats: 1.5 };
    const incidents = summarise(runHarness(options)).falseAlarms.perMunicipality.GM1700!;
    expect(incidents.runs).toBe(208);
    expect(incidents.perWeek).toBeLessThanOrEqual(0.5);
    const reports = summarise(runHarness({ ...options, counting: 'reports' })).falseAlarms.perMunicipality.GM1700!;
    expect(reports.perWeek).toBeGreaterThan(0.35);
    expect(reports.perWeek).toBeGreaterThan(2.5 * incidents.perWeek);
  }, 300_000);

  it('stays under the floor with frequent reporters (four same-day sweeps of 3–6 addresses a year), where incidents without the same-day rule list more', () => {
    // simulate.ts addSweeps: one person reports 3–6 addresses of one buurt in one category on one
    // day. The null test's seeds and runs: with the same-day rule (incidents.ts rule 2) 0.18 a week
    // (38 in 208 runs; 0.16 without sweeps), without it 0.29 (61) (docs/evaluation.md, "Frequent
    // reporters", has the rates over more seeds). Bounds: the floor, and 1.3 times as many without
    // the rule (the test fails when the rule stops merging sweeps, not on a seed's unlucky trend).
    const options = { seeds: SEEDS, municipalities: ['GM1700' as const], plants: { sudden: 0, rising: 0 }, runWeeks: 26, params: DEFAULT_DETECTOR_PARAMS, skipPlants: true, sweeps: 4 };
    const rule = summarise(runHarness(options)).falseAlarms.perMunicipality.GM1700!;
    const without = summarise(runHarness({ ...options, counting: 'incidents-without-same-day' })).falseAlarms.perMunicipality.GM1700!;
    expect(rule.runs).toBe(208);
    expect(rule.perWeek).toBeLessThanOrEqual(0.25);
    expect(without.perWeek).toBeGreaterThan(1.3 * rule.perWeek);
  }, 300_000);

  it('stays under the floor on an over-dispersed background (φ = 1), where Poisson tests list several times more', () => {
    // Negative-binomial background (simulate.ts ReportModel.dispersion: a busy buurt's weekly
    // variance twice its mean). The null test's seeds and runs: with the dispersion estimate
    // (dispersion.ts) 0.11 a week (23 in 208 runs; 27 before engine v10's estimate, 28 with engine
    // v8's scaled trend tails, 29 with v6's; 0.16 on this Poisson background), with the
    // Poisson tests (engine v5) 0.74. Bounds: the floor, and at least twice as many without the
    // estimate (the test fails when the estimate stops working, not on a seed's unlucky trend).
    const options = { seeds: SEEDS, municipalities: ['GM1700' as const], plants: { sudden: 0, rising: 0 }, runWeeks: 26, params: DEFAULT_DETECTOR_PARAMS, skipPlants: true, dispersion: 1 };
    const estimated = summarise(runHarness(options)).falseAlarms.perMunicipality.GM1700!;
    const poisson = summarise(runHarness({ ...options, params: { ...DEFAULT_DETECTOR_PARAMS, dispersion: 'poisson' as const } })).falseAlarms.perMunicipality.GM1700!;
    expect(estimated.runs).toBe(208);
    expect(estimated.perWeek).toBeLessThanOrEqual(0.25);
    expect(poisson.perWeek).toBeGreaterThan(2 * estimated.perWeek);
  }, 300_000);

  it('finds sudden (RR ≥ 3, ≥ 8 reports) and sized rising plants at the floors, at 5 × the volume', () => {
    const r = runHarness({ seeds: [7101, 7102, 7103], municipalities: ['GM1700'], plants: { sudden: 12, rising: 6 }, runWeeks: 52, params: DEFAULT_DETECTOR_PARAMS, skipNull: true, volume: 5 });
    const s = summarise(r);
    const why = JSON.stringify({ suddenFloor: s.suddenFloor, risingSized: s.risingSized });
    expect(s.suddenFloor.n, why).toBeGreaterThanOrEqual(4);
    expect(s.suddenFloor.found / s.suddenFloor.n, why).toBeGreaterThanOrEqual(0.8);
    expect(s.suddenFloor.medianDelay).toBeLessThanOrEqual(2);
    expect(s.risingSized.n, why).toBeGreaterThanOrEqual(4);
    expect(s.risingSized.found / s.risingSized.n, why).toBeGreaterThanOrEqual(0.7);
  }, 300_000);

  it('finds sudden plants drawn from the floor\'s definition at the floor (floor mode), at 5 × the volume', () => {
    const plants = runFloorHarness({ seeds: Array.from({ length: 12 }, (_, k) => 7101 + k), municipalities: ['GM1700'], plants: { sudden: 12, rising: 6 }, params: DEFAULT_DETECTOR_PARAMS, volume: 5 });
    expect(plants).toHaveLength(12);
    for (const p of plants) {
      expect(p.kind).toBe('sudden');
      expect(p.rr).toBeGreaterThanOrEqual(3);
      expect(p.rr).toBeLessThanOrEqual(5);
      expect(p.expectedByDeadline).toBeGreaterThanOrEqual(FLOOR_MIN_EXPECTED);
    }
    const f = summariseFloor(plants);
    const why = JSON.stringify(plants.map((p) => [p.category, p.shape, p.plantedByDeadline, p.found, p.delay]));
    expect(f.all.found / f.all.n, why).toBeGreaterThanOrEqual(0.8);
    // The floor is 2 weeks. Since the step-up counts regions (clusterFdr.ts) a plant no
    // longer borrows significance from the data set's other outbreaks: 10 of 12 found, median
    // delay 2.5 (with the weights of the short windows, and with the predictive window test too:
    // delays 1, 1, 1, 1, 2, 3, 3, 3, 4, 4;
    // before them 1, 1, 1, 2, 2, 3, 3, 3, 3, 4; plain BH: 2). Missed floor, reported in
    // docs/evaluation.md; this bound catches a slower engine.
    expect(f.all.medianDelay, why).toBeLessThanOrEqual(3);
  }, 300_000);

  it("computes the negative-binomial oracle's tail as R's pnbinom does", () => {
    // R: pnbinom(y − 1, size, mu = mean, lower.tail = FALSE)
    expect(negativeBinomialUpperTail(10, 4, 2)).toBeCloseTo(0.0751466296352747, 12);
    expect(negativeBinomialUpperTail(25, 6.2, 7.5) / 9.76870097961872e-05).toBeCloseTo(1, 10);
    expect(negativeBinomialUpperTail(1, 0.5, 1)).toBeCloseTo(1 / 3, 12);
    expect(negativeBinomialUpperTail(0, 0.5, 1)).toBe(1);
    // Below the mean (the lower tail's walk): pnbinom(2, 7.5, mu = 6.2, lower.tail = FALSE)
    expect(negativeBinomialUpperTail(3, 6.2, 7.5)).toBeCloseTo(0.880911143196072, 12);
  });

  it('computes Wilson and exact Poisson intervals', () => {
    const [lo, hi] = wilson(8, 10);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    const [a, b] = poissonRateInterval(10, 100);
    expect(a).toBeCloseTo(0.04795, 4);
    expect(b).toBeCloseTo(0.1839, 3);
    // Beyond e^-745 (R: qgamma(0.025, 1422) / 312, qgamma(0.975, 1423) / 312).
    const [c, d] = poissonRateInterval(1422, 312);
    expect(c).toBeCloseTo(4.323854, 3);
    expect(d).toBeCloseTo(4.800890, 3);
  });
});

describe('repeat reports in the simulated background (--repeats)', () => {
  const weeks = 200_000;
  const mu = new Float64Array(weeks).fill(0.5);
  const model = (R: number, dispersion = 0, dispersionWeeks = 1): ReportModel => ({ repeats: R, dispersion, dispersionWeeks, squares: [1e9], firstWeek: 0, locate: randomLcg(R * 7), days: null });
  const dispersion = (x: Float64Array, to: number) => {
    let sum = 0;
    let sq = 0;
    for (let t = 0; t < to; t++) {
      sum += x[t]!;
      sq += x[t]! * x[t]!;
    }
    const mean = sum / to;
    return { mean, ratio: (sq / to - mean * mean) / mean };
  };

  it('draws exactly the Poisson counts of the unlocated draws when every incident is reported once', () => {
    const { counts, reports } = drawBackground([mu], randomLcg(1), model(1));
    const rng = randomLcg(1);
    expect(Array.from(counts[0]!.subarray(0, 1000))).toEqual(Array.from({ length: 1000 }, () => poisson(0.5, rng)));
    expect(reports.length).toBe(counts[0]!.reduce((a, v) => a + v, 0));
  });

  it('keeps the mean number of reports, over-disperses them, and leaves Poisson incidents to the detector', () => {
    for (const R of [1, 1.5, 2]) {
      const { counts, reports } = drawBackground([mu], randomLcg(R * 1000), model(R));
      const inner = weeks - 50; // reports lagged past the last week are not in the data
      const reported = dispersion(counts[0]!, inner);
      expect(reported.mean).toBeCloseTo(0.5, 1);
      if (R > 1) expect(reported.ratio).toBeGreaterThan(1.15);
      const incidents = dispersion(incidentCounts(reports, 1, 1, 0, weeks)[0]!, inner);
      // A repeat that falls in the next 4-week block counts again: the rule's price (incidents.ts).
      expect(incidents.mean).toBeGreaterThan(0.5 / R - 0.01);
      expect(incidents.mean).toBeLessThan((0.5 / R) * 1.25);
      expect(incidents.ratio).toBeGreaterThan(0.95);
      expect(incidents.ratio).toBeLessThan(1.1);
    }
  });

  it('draws negative-binomial counts with --dispersion: variance μ + φ·μ² at the same mean', () => {
    for (const phi of [0.5, 2]) {
      const { counts } = drawBackground([mu], randomLcg(phi * 100), model(1, phi));
      const d = dispersion(counts[0]!, weeks);
      expect(d.mean).toBeCloseTo(0.5, 1);
      // variance / mean = 1 + φ·μ: 1.25 and 2 (σ of the estimate ≈ 0.01 on 200,000 weeks)
      expect(d.ratio).toBeGreaterThan(1 + phi * 0.5 - 0.06);
      expect(d.ratio).toBeLessThan(1 + phi * 0.5 + 0.06);
    }
  });

  it('holds each extra-Poisson effect for L weeks with --dispersion-weeks: the same weekly variance, consecutive weeks alike', () => {
    const lag1 = (x: Float64Array) => {
      const m = x.reduce((a, v) => a + v, 0) / x.length;
      let c0 = 0;
      let c1 = 0;
      for (let t = 0; t < x.length; t++) {
        c0 += (x[t]! - m) ** 2;
        if (t > 0) c1 += (x[t]! - m) * (x[t - 1]! - m);
      }
      return c1 / c0;
    };
    for (const L of [1, 4]) {
      const { counts } = drawBackground([mu], randomLcg(L * 31), model(1, 2, L));
      const d = dispersion(counts[0]!, weeks);
      expect(d.ratio).toBeGreaterThan(2 - 0.08);
      expect(d.ratio).toBeLessThan(2 + 0.08);
      // Within a run of 4 weeks the correlation of two weeks is φμ² / (μ + φμ²) = 0.5; 3 of 4
      // neighbouring pairs share a run: 0.375. Weekly effects: none.
      if (L === 1) expect(Math.abs(lag1(counts[0]!))).toBeLessThan(0.02);
      else expect(lag1(counts[0]!)).toBeGreaterThan(0.33);
    }
  });
});

describe('frequent reporters in the simulated data (--sweeps, --sweep-variant)', () => {
  // Three buurten in a row (0–1–2), two categories, 104 weeks, 100 squares each.
  const weeks = 104;
  const means = [new Float64Array(3 * weeks).fill(1), new Float64Array(3 * weeks).fill(1)];
  const neighbours = [[1], [0, 2], [1]];
  const sweeps = (variant: SweepVariant) => {
    const data = { counts: means.map((m) => new Float64Array(m.length)), reports: [] as LocatedReport[] };
    const model: ReportModel = { repeats: 1, dispersion: 0, dispersionWeeks: 1, squares: [100, 100, 100], firstWeek: 2800, locate: randomLcg(1), days: null };
    const n = addSweeps(data, means, weeks, 20, 7, model, variant, neighbours);
    return { n, reports: data.reports, counts: data.counts };
  };
  const groups = (reports: { place: number; category: number; day?: number }[]) => {
    const by = new Map<string, number>();
    for (const r of reports) by.set(`${r.place}|${r.category}|${r.day}`, (by.get(`${r.place}|${r.category}|${r.day}`) ?? 0) + 1);
    return [...by.values()];
  };

  it('one-day: each sweep 3–6 distinct squares of one buurt and category on one day, counted in its week', () => {
    const { n, reports, counts } = sweeps('one-day');
    expect(n).toBeGreaterThan(20);
    expect(groups(reports).every((g) => g >= 3 && g <= 6)).toBe(true);
    expect(counts.reduce((a, c) => a + c.reduce((x, v) => x + v, 0), 0)).toBe(reports.length);
    for (const r of reports) expect(Math.floor((r.day! - 4) / 7)).toBe(r.week);
  });

  it('the variants: spread reaches the neighbours, categories mixes, weekly repeats for 8 weeks, two-day uses the next day', () => {
    const spread = sweeps('spread');
    const sweptBuurten = new Set(spread.reports.map((r) => r.place));
    expect(sweptBuurten.size).toBe(3);
    const one = sweeps('one-day');
    // Same draws up to the variant: the same number of sweeps.
    expect(spread.n).toBe(one.n);
    expect(groups(sweeps('categories').reports).some((g) => g < 3)).toBe(true);
    // Weekly: 8 sweeps of 3–6 reports per episode (the episodes lie inside the data), each report
    // with one of the same place, category and weekday a week before or after.
    const weekly = sweeps('weekly');
    expect(weekly.reports.length).toBeGreaterThanOrEqual(8 * 3 * weekly.n);
    expect(weekly.reports.length).toBeLessThanOrEqual(8 * 6 * weekly.n);
    const keys = new Set(weekly.reports.map((r) => `${r.place}|${r.category}|${r.day}`));
    expect(weekly.reports.every((r) => keys.has(`${r.place}|${r.category}|${r.day! - 7}`) || keys.has(`${r.place}|${r.category}|${r.day! + 7}`))).toBe(true);
    const twoDay = sweeps('two-day').reports;
    const sweepDays = new Set(twoDay.map((r) => r.day!));
    expect([...sweepDays].some((d) => sweepDays.has(d + 1))).toBe(true);
  });
});
