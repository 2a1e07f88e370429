/** A signal as the engine produces and stores it (raw counts; see publish.ts for what leaves). */
export type SignalKind = 'emerging' | 'alert' | 'cluster';

export interface SignalRecord {
  gemeente: string;
  kind: SignalKind;
  /** null: all categories together. */
  category: string | null;
  classCode: string;
  locationType: 'cell' | 'buurt';
  locations: string[];
  bbox: [number, number, number, number];
  confidence: number | null;
  firstDay: string;
  lastDay: string;
  /** Raw report counts (integers) by name. */
  counts: Record<string, number>;
  trend: { tau: number; z: number; p: number } | null;
  score: number;
  rank: number;
  status: 'new' | 'ongoing';
  /** Everything else the explanation needs (no raw counts here: derived figures only). */
  details: SignalDetails;
}

export interface SignalDetails {
  step?: 'week' | 'month';
  /** Steps in the "recent" window, before it, and in the whole cube. */
  windowSteps?: number;
  beforeSteps?: number;
  cubeSteps?: number;
  hotSteps?: number;
  fdr?: boolean;
  /** Buurt names of the locations (alerts on buurten). */
  names?: string[];
  tests?: AlertTest[];
  cluster?: { expected: number; relativeRisk: number; p: number; q: number; replications: number; recurrenceWeeks: number; durationWeeks: number };
  [key: string]: unknown;
}

export type AlertTest =
  | { test: 'ears_c2' | 'ears_c3'; statistic: number; threshold: number; week: string }
  | { test: 'same_period'; years: number; windowWeeks: number; p: number; q: number };
