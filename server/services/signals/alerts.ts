import {
  EARS_C12_THRESHOLD, EARS_C3_THRESHOLD, earsC2, earsC3, normalSurvival, samePeriodAlarms, samePeriodPoisson,
  type SamePeriodResult,
} from '../../analysis/index.ts';
import { cubeOf } from './emerging.ts';
import { sumSteps, type Cubes } from './cube.ts';
import type { StudyArea } from './locations.ts';
import type { RunParameters } from './parameters.ts';
import { isoOf, stepEnd, type StepRange } from './steps.ts';
import type { AlertTest, SignalRecord } from './types.ts';

/**
 * Temporal alerts per buurt × category (and all categories together) at the last complete week:
 * EARS C2 and C3 on the weekly counts, and the same-period Poisson test of the last `windowWeeks`
 * weeks against the same weeks (52, 104, … weeks earlier, so weekdays line up) of the previous
 * years, with BH-FDR across every buurt × category test of the run (all municipalities).
 */
export interface AlertInput {
  area: StudyArea;
  cubes: Cubes;
  weeks: StepRange;
}

const EARS_BASELINE_WEEKS = 7;
const EARS_GUARD_WEEKS = 2;

export function computeAlerts(inputs: AlertInput[], categories: (string | null)[], params: RunParameters): SignalRecord[] {
  const { windowWeeks, baselineYears, minCount } = params.alerts;
  interface Candidate {
    input: AlertInput;
    location: number;
    category: string | null;
    tests: AlertTest[];
    score: number;
    confidence: number | null;
    counts: Record<string, number>;
    firstStep: number;
    samePeriod: SamePeriodResult | null;
  }
  const candidates: Candidate[] = [];
  for (const input of inputs) {
    const { area, cubes, weeks } = input;
    const nSteps = cubes.nSteps;
    const last = nSteps - 1;
    const windowStart = nSteps - windowWeeks;
    const years = Math.min(baselineYears, Math.floor(windowStart / 52));
    for (const category of categories) {
      const cube = cubeOf(cubes, category);
      for (let s = 0; s < area.locations.length; s++) {
        const series = cube.subarray(s * nSteps, (s + 1) * nSteps);
        const tests: AlertTest[] = [];
        let score = 0;
        let firstStep = last;
        const c2 = earsC2(series);
        const c3 = earsC3(series);
        const lastWeek = series[last] ?? 0;
        const lastThree = sumSteps(cube, nSteps, s, last - 2, last);
        const week = isoOf(weeks.starts[last]!);
        const c2Last = c2[last];
        if (c2Last?.alarm && lastWeek >= minCount) {
          tests.push({ test: 'ears_c2', statistic: round(c2Last.statistic, 4), threshold: EARS_C12_THRESHOLD, week });
        }
        const c3Last = c3[last];
        if (c3Last?.alarm && lastThree >= minCount) {
          tests.push({ test: 'ears_c3', statistic: round(c3Last.statistic, 4), threshold: EARS_C3_THRESHOLD, week });
          firstStep = Math.min(firstStep, last - 2);
        }
        if (tests.length > 0) {
          // The EARS statistics read as z-scores (CDC): strength = −log10 of the normal tail of the
          // largest C2 of the last three weeks.
          const strongest = Math.max(...[c2[last], c2[last - 1], c2[last - 2]].map((x) => x?.statistic ?? 0));
          score = -Math.log10(Math.max(normalSurvival(strongest), 1e-300));
        }
        let samePeriod: SamePeriodResult | null = null;
        const windowCount = sumSteps(cube, nSteps, s, windowStart, last);
        const baseline: number[] = [];
        if (years >= 1) {
          for (let y = 1; y <= years; y++) baseline.push(sumSteps(cube, nSteps, s, windowStart - 52 * y, last - 52 * y));
          samePeriod = samePeriodPoisson(windowCount, baseline, { minCount });
        }
        const earsBaseline = sumSteps(cube, nSteps, s, last - EARS_GUARD_WEEKS - EARS_BASELINE_WEEKS, last - EARS_GUARD_WEEKS - 1);
        candidates.push({
          input, location: s, category, tests, score, confidence: null, firstStep, samePeriod,
          counts: { lastWeek, window: windowCount, baseline: baseline.reduce((a, b) => a + b, 0), earsBaseline },
        });
      }
    }
  }
  // BH across every eligible same-period test of the run.
  const withTest = candidates.filter((c) => c.samePeriod !== null);
  const alarms = samePeriodAlarms(withTest.map((c) => c.samePeriod!), { alpha: params.alpha });
  withTest.forEach((c, k) => {
    const a = alarms[k]!;
    if (!a.alarm || a.q === null) return;
    const windowStart = c.input.cubes.nSteps - windowWeeks;
    c.tests.unshift({ test: 'same_period', years: c.samePeriod!.years, windowWeeks, p: c.samePeriod!.conditionalP, q: a.q });
    c.score = Math.max(c.score, -Math.log10(Math.max(a.q, 1e-300)));
    c.confidence = 1 - a.q;
    c.firstStep = Math.min(c.firstStep, windowStart);
  });

  const signals: SignalRecord[] = [];
  for (const c of candidates) {
    if (c.tests.length === 0) continue;
    const { area, weeks, cubes } = c.input;
    const loc = area.locations[c.location]!;
    signals.push({
      gemeente: area.gemeente,
      kind: 'alert',
      category: c.category,
      classCode: c.tests[0]!.test,
      locationType: 'buurt',
      locations: [loc.id],
      bbox: loc.bbox,
      confidence: c.confidence === null ? null : round(c.confidence, 6),
      firstDay: isoOf(weeks.starts[Math.max(0, c.firstStep)]!),
      lastDay: isoOf(stepEnd('week', weeks.starts[cubes.nSteps - 1]!)),
      counts: c.counts,
      trend: null,
      score: round(c.score, 6),
      rank: 0,
      status: 'new',
      details: { step: 'week', tests: c.tests, names: [loc.name ?? loc.id], fdr: true },
    });
  }
  return signals;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
