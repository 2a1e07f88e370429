/**
 * Background model of the demo data: category and source codes, category shares, how categories
 * depend on the area type, seasonality and growth. All numbers are invented but plausible; they are
 * documented in docs/demo-data.md. Change them here.
 */
import type { AreaType } from './areas.ts';

export const CATEGORIES = [
  'hennep',
  'drugslab',
  'afvaldumping',
  'overlastpand',
  'illegale_bewoning',
  'adresfraude',
  'prostitutie',
  'witwassen',
  'overig',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SOURCES = ['mma', 'politie', 'gemeente', 'partner'] as const;
export type Source = (typeof SOURCES)[number];

export const INSPECTION_KINDS = ['integrale_controle', 'hennepcontrole', 'woningcontrole', 'bedrijfscontrole'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const INSPECTION_OUTCOMES = ['overtreding', 'geen_overtreding', 'onbekend'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/** Number of ISO weeks covered by the data (3 years). */
export const WEEKS = 156;

/** Background reports in the default demo (planted clusters come on top of these). */
export const DEFAULT_BACKGROUND_REPORTS = 4000;
/** Background inspections in the default demo (inspections near planted clusters come on top). */
export const DEFAULT_BACKGROUND_INSPECTIONS = 230;

/** Mild overall growth of the report volume: +10 % per year (continuous). */
export const GROWTH_PER_YEAR = 0.1;

export interface CategoryModel {
  /** Share of all background reports. */
  share: number;
  /** Part driven by inhabitants (rest is driven by land area, e.g. dumping along rural roads). */
  popShare: number;
  /** Multiplier per area type on the inhabitant-driven part. */
  popFactor: Record<AreaType, number>;
  /** Multiplier per area type on the area-driven part (per km²). */
  areaFactor: Record<AreaType, number>;
  /** Seasonal amplitude (0 = flat) and the day of the year (0-based) of the peak. */
  seasonAmp: number;
  seasonPeakDay: number;
  /** Source mix (weights in SOURCES order: mma, politie, gemeente, partner). */
  sources: [number, number, number, number];
}

const NONE: Record<AreaType, number> = { core: 0, rural: 0, industrial: 0 };

export const CATEGORY_MODEL: Readonly<Record<Category, CategoryModel>> = {
  // Cannabis cultivation: attics in the villages, but mostly sheds and barns at the rural edge.
  // Reports peak in autumn/winter (harvest smell, snow melting on warm roofs).
  hennep: {
    share: 0.13,
    popShare: 0.45,
    popFactor: { core: 0.7, rural: 2.0, industrial: 1.0 },
    areaFactor: { core: 0, rural: 1.0, industrial: 1.5 },
    seasonAmp: 0.3,
    seasonPeakDay: 340,
    sources: [0.68, 0.2, 0.06, 0.06],
  },
  // Drug production sites: rural barns and industrial estates.
  drugslab: {
    share: 0.03,
    popShare: 0.2,
    popFactor: { core: 0.5, rural: 2.5, industrial: 2.0 },
    areaFactor: { core: 0, rural: 1.0, industrial: 4.0 },
    seasonAmp: 0.1,
    seasonPeakDay: 300,
    sources: [0.55, 0.3, 0.05, 0.1],
  },
  // Waste dumping: rural roads and forest edges, more in summer.
  afvaldumping: {
    share: 0.12,
    popShare: 0.25,
    popFactor: { core: 1.0, rural: 1.0, industrial: 1.0 },
    areaFactor: { core: 0, rural: 1.0, industrial: 1.5 },
    seasonAmp: 0.35,
    seasonPeakDay: 200,
    sources: [0.5, 0.05, 0.4, 0.05],
  },
  // Nuisance properties: village cores.
  overlastpand: {
    share: 0.15,
    popShare: 1,
    popFactor: { core: 1.3, rural: 0.4, industrial: 0.5 },
    areaFactor: NONE,
    seasonAmp: 0.1,
    seasonPeakDay: 190,
    sources: [0.6, 0.2, 0.15, 0.05],
  },
  // Illegal occupancy (over-occupied houses, people living in business premises).
  illegale_bewoning: {
    share: 0.09,
    popShare: 0.8,
    popFactor: { core: 1.2, rural: 0.6, industrial: 1.0 },
    areaFactor: { core: 0, rural: 0.2, industrial: 6.0 },
    seasonAmp: 0,
    seasonPeakDay: 0,
    sources: [0.55, 0.1, 0.3, 0.05],
  },
  // Address fraud (registrations that do not match who lives there): village cores.
  adresfraude: {
    share: 0.07,
    popShare: 1,
    popFactor: { core: 1.3, rural: 0.4, industrial: 0.3 },
    areaFactor: NONE,
    seasonAmp: 0,
    seasonPeakDay: 0,
    sources: [0.45, 0.05, 0.45, 0.05],
  },
  prostitutie: {
    share: 0.03,
    popShare: 0.85,
    popFactor: { core: 1.3, rural: 0.4, industrial: 0.5 },
    areaFactor: { core: 0, rural: 0.2, industrial: 3.0 },
    seasonAmp: 0,
    seasonPeakDay: 0,
    sources: [0.6, 0.3, 0.05, 0.05],
  },
  // Suspicious businesses / money laundering: shopping streets and business estates.
  witwassen: {
    share: 0.09,
    popShare: 0.75,
    popFactor: { core: 1.4, rural: 0.3, industrial: 1.0 },
    areaFactor: { core: 0, rural: 0.1, industrial: 6.0 },
    seasonAmp: 0,
    seasonPeakDay: 0,
    sources: [0.55, 0.15, 0.1, 0.2],
  },
  overig: {
    share: 0.29,
    popShare: 0.85,
    popFactor: { core: 1.0, rural: 1.0, industrial: 1.0 },
    areaFactor: { core: 0, rural: 1.0, industrial: 1.0 },
    seasonAmp: 0.05,
    seasonPeakDay: 180,
    sources: [0.65, 0.15, 0.15, 0.05],
  },
};

/** Inspection kind that follows up a report of a category. */
export const INSPECTION_KIND_FOR: Readonly<Record<Category, InspectionKind>> = {
  hennep: 'hennepcontrole',
  drugslab: 'integrale_controle',
  afvaldumping: 'integrale_controle',
  overlastpand: 'woningcontrole',
  illegale_bewoning: 'woningcontrole',
  adresfraude: 'woningcontrole',
  prostitutie: 'bedrijfscontrole',
  witwassen: 'bedrijfscontrole',
  overig: 'integrale_controle',
};

/** Outcome weights (overtreding, geen_overtreding, onbekend) for background inspections … */
export const BACKGROUND_OUTCOMES: [number, number, number] = [0.2, 0.66, 0.14];
/** … and for inspections at a planted cluster, where there really is something to find. */
export const PLANT_OUTCOMES: [number, number, number] = [0.62, 0.28, 0.1];
