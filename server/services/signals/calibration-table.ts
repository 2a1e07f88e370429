// Written by `npm run evaluate -- --write-calibration` (scripts/evaluate.ts). Do not edit by hand.
export const NULL_CALIBRATION = {
  generated: 'placeholder',
  alpha: 0.05,
  municipalityWeeks: 52,
  /** q-values of every false lead signal in the null runs, ascending. */
  falseSignalQs: [] as number[],
};
