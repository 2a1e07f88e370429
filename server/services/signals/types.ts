import type { PublishedSignal } from './publish.ts';

/** A lead signal as a run stores it: published figures only. */
export interface StoredLead {
  gemeente: string;
  kind: 'lead';
  category: string | null;
  classCode: PublishedSignal['class'];
  locations: string[];
  bbox: [number, number, number, number];
  firstDay: string;
  lastDay: string;
  /** −log10 q: larger is stronger (for sorting only). */
  score: number;
  q: number;
  /** observed / expected from the detector (internal; ties in q). */
  effect: number;
  rank: number;
  status: 'new' | 'ongoing';
  published: PublishedSignal;
  explanation: { nl: string; en: string };
}

/** A map class of one buurt × category (persistent, falling): not on the lead list. */
export interface StoredMapClass {
  gemeente: string;
  kind: 'map';
  category: string | null;
  classCode: 'persistent' | 'falling';
  locations: [string];
  bbox: [number, number, number, number];
  firstDay: string;
  lastDay: string;
  q: number;
  name: string;
  explanation: { nl: string; en: string };
}
