import type { Config } from '../config.ts';
import { disclosureConfig, type DisclosureConfig as LegacyDisclosure } from '../analysis/suppression.ts';
import type { DisclosureConfig } from '../publish/index.ts';

/**
 * The settings the early-signal engine's explanations still take (thresholds only). Interim: the
 * engine's texts are being moved onto the publication layer (issue #13); everything else is
 * published through server/publish/.
 */
export function legacyDisclosure(config: Pick<Config, 'disclosure'> | { disclosure: DisclosureConfig }): LegacyDisclosure {
  const d = config.disclosure;
  return disclosureConfig({ k: d.k, kSensitive: d.kSensitive, roundTo: d.roundTo || undefined });
}
