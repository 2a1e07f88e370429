import type { Config } from '../config.ts';
import { disclosureConfig, thresholdFor, type DisclosureConfig } from '../analysis/suppression.ts';

/** The disclosure settings of this installation (k, sensitive k, rounding) from the config. */
export function disclosureFrom(config: Pick<Config, 'disclosure'>): DisclosureConfig {
  return disclosureConfig({ k: config.disclosure.k, kSensitive: config.disclosure.kSensitive, roundTo: config.disclosure.roundTo || undefined });
}

/** The threshold for figures filtered to `categories` (null = all categories). */
export function thresholdForFilter(categories: readonly string[] | null, cfg: DisclosureConfig): number {
  return thresholdFor(categories ?? 'all', cfg);
}
