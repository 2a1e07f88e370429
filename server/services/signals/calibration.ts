/**
 * How often a lead signal this strong appears by chance: the null calibration of the default
 * settings, measured by `npm run evaluate` (scripts/evaluate.ts; docs/evaluation.md) on simulated
 * data without plants (rolling weekly runs, both municipalities, 20 seeds) and written here by
 * `npm run evaluate -- --write-calibration`.
 *
 * rate(q) = (false lead signals with q' ≤ q) / (municipality-weeks simulated): false signals per
 * municipality per week at least as strong as q. "Once per N years" is 1 / (52 · rate(q)); when no
 * null signal was that strong, the answer is a bound: less often than once per (weeks / 52) years.
 */
import { NULL_CALIBRATION } from './calibration-table.ts';

export interface Recurrence {
  /** Years between chance signals at least this strong (about), or the bound. */
  years: number;
  /** true: no null run had a signal this strong; `years` is a lower bound. */
  atLeast: boolean;
}

export function recurrence(q: number, table = NULL_CALIBRATION): Recurrence {
  const qs = table.falseSignalQs;
  let k = 0;
  while (k < qs.length && qs[k]! <= q) k++;
  if (k === 0) return { years: table.municipalityWeeks / 52, atLeast: true };
  const rate = k / table.municipalityWeeks;
  return { years: 1 / (52 * rate), atLeast: false };
}
