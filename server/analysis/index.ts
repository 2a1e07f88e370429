// Public API of the database-free early-signal statistics (methods.md §1–6).
// Disclosure control is the publication layer (server/publish/), not part of the statistics.

export { erf, erfc, normalCdf, normalSurvival, twoSidedP } from './normal.ts';
export {
  DEFAULT_CONTIGUITY_TOLERANCE_METRES,
  distanceBand,
  kNearest,
  queenContiguity,
  rookContiguity,
} from './weights.ts';
export type { MultiPolygonCoordinates, Neighbours, PolygonCoordinates, Position, RookOptions } from './weights.ts';
export { getisOrd, giStarZ } from './gistar.ts';
export type { GetisOrdOptions, GetisOrdResult } from './gistar.ts';
export { benjaminiHochberg, confidenceBin, confidenceBins, fdrBins } from './fdr.ts';
export type { ConfidenceBin } from './fdr.ts';
export { MANN_KENDALL_MIN_VALUES, mannKendall } from './mannKendall.ts';
export type { MannKendallResult, MannKendallTrend, MannKendallUndefined } from './mannKendall.ts';
export {
  DEFAULT_MIN_STEPS,
  EMERGING_CATEGORIES,
  EMERGING_SIGNAL_CATEGORIES,
  classifyLocation,
  emergingHotSpots,
  spaceTimeGiStar,
} from './emerging.ts';
export type {
  ClassifyOptions,
  EmergingCategory,
  EmergingClassification,
  EmergingLocation,
  EmergingOptions,
  EmergingResult,
  NoPatternReason,
  SpaceTimeGiStarOptions,
  SpaceTimeGiStarResult,
  TrendDirection,
  TrendSummary,
} from './emerging.ts';
export {
  DEFAULT_EARS_BASELINE,
  DEFAULT_MIN_SIGMA,
  EARS_C12_THRESHOLD,
  EARS_C3_THRESHOLD,
  ears,
  earsC1,
  earsC2,
  earsC3,
} from './ears.ts';
export type { EarsMethod, EarsOptions, EarsStep } from './ears.ts';
export {
  DEFAULT_MIN_COUNT,
  binomialUpperTail,
  logFactorial,
  poissonUpperTail,
  samePeriodAlarms,
  samePeriodPoisson,
} from './poisson.ts';
export type { SamePeriodAlarm, SamePeriodAlarmOptions, SamePeriodOptions, SamePeriodResult } from './poisson.ts';
export {
  DEFAULT_SCAN_MAX_SHARE,
  DEFAULT_SCAN_MAX_ZONES,
  DEFAULT_SCAN_REPLICATIONS,
  permutationLlr,
  spaceTimePermutationScan,
} from './scan.ts';
export type { ScanCluster, ScanOptions, ScanResult } from './scan.ts';
export { DEFAULT_PAI_COVERAGES, predictiveAccuracyIndex } from './pai.ts';
export type { PaiAtCoverage } from './pai.ts';
export { conditionalTest, fisherMinP, fisherWindowTest, hypergeometricUpperTail, minUpperP, nullShare } from './conditionalTest.ts';
export type { ConditionalResult, FisherResult } from './conditionalTest.ts';
export { betaBinomialUpperTail, logGamma, predictiveMinP, predictiveWindowTest, restPosterior } from './predictiveTest.ts';
export type { PredictiveResult } from './predictiveTest.ts';
export { EXACT_MAX_TOTAL, saddlepointUpperTail, trendMinP, trendNullPmf, trendSlope, trendTest } from './trendTest.ts';
export type { TrendResult } from './trendTest.ts';
export { DISPERSED_EXACT_MAX_TOTAL, dispersedTrendUpperTail, logNegBinom } from './dispersedTrend.ts';
export { discreteBH, taroneK } from './discreteFdr.ts';
export type { DiscreteFdrResult } from './discreteFdr.ts';
export { candidateZones } from './zones.ts';
export type { Zone } from './zones.ts';
export { DEFAULT_DETECTOR_PARAMS, detectSignals } from './earlySignals.ts';
export type { AreaCube, DetectorParams, LeadClass, LeadSignal, MapClass, MapResult, RunResult } from './earlySignals.ts';
export { binomialTwoSided, compareCounts, compareMany, dispersedTwoSided, verdictOf } from './poissonCompare.ts';
export { changeDispersion } from './changeDispersion.ts';
export type { ChangeDispersion } from './changeDispersion.ts';
export type { ChangeVerdict, CountComparison } from './poissonCompare.ts';
