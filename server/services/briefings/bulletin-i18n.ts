// Texts of the one-page bulletin (bulletin-pdf.ts), in Dutch and English. Numbers go through the
// briefing formatters (i18n.ts), so a hidden count reads "<k" and a figure without data "–".
import type { PublishedChange, PublishedCount } from '../../publish/index.ts';
import type { Verdict } from '../overview.ts';
import { change, count, decimal, integer, type Lang } from './i18n.ts';

export const VERDICT: Record<Lang, Record<Verdict, string>> = {
  nl: {
    rise: 'stijging groter dan toeval',
    fall: 'daling groter dan toeval',
    chance: 'binnen wat toeval kan verklaren',
    hidden: 'niet te beoordelen (afgeschermd)',
    'no-data': 'geen gegevens',
  },
  en: {
    rise: 'rise greater than chance',
    fall: 'fall greater than chance',
    chance: 'within what chance can explain',
    hidden: 'cannot be judged (suppressed)',
    'no-data': 'no data',
  },
};

/** A change as "+18 (+9,3 %)"; "–" when hidden or without data. */
export function changeText(c: PublishedChange, lang: Lang): string {
  return change(c, lang);
}

const nl = {
  docTitle: 'Bulletin ondermijning',
  subtitle: (gemeente: string) => `Gemeente ${gemeente} · voor de burgemeester en de driehoek`,
  confidential: 'Vertrouwelijk – alleen voor de driehoek en het overleg ondermijning',
  dataUntil: (d: string) => `Gegevens t/m ${d}`,
  headline: 'In het kort',
  noData: (g: string) => `Voor ${g} zijn geen meldingen geladen: geen gegevens (dat is niet hetzelfde als nul meldingen).`,
  totalSentence: (span: string, n: string, ch: string, verdict: string, noBase: boolean) =>
    noBase ? `${span}: ${n} meldingen; geen vergelijking met een jaar eerder (geen gegevens).`
      : `${span}: ${n} meldingen, ${ch} ten opzichte van dezelfde weken een jaar eerder — ${verdict}.`,
  totalHidden: (span: string) => `${span}: het totaal is afgeschermd.`,
  noDataPeriod: (span: string) => `${span}: geen gegevens voor deze periode.`,
  risenCategories: (list: string, span: string) => `Groter dan toeval gestegen (${span}): ${list}.`,
  fallenCategories: (list: string, span: string) => `Groter dan toeval gedaald (${span}): ${list}.`,
  noCategoryChange: (span: string) => `Geen categorie veranderde (${span}) meer dan toeval kan verklaren.`,
  wijkSentence: (up: string | null, down: string | null, span: string) =>
    [up ? `grootste stijging in wijk ${up}` : null, down ? `grootste daling in ${down}` : null].filter(Boolean).join('; ').replace(/^./, (c) => c.toUpperCase()) + ` (${span}).`,
  signalSentence: (total: number, fresh: number) =>
    total === 0 ? 'Geen actieve signalen uit de laatste signaalanalyse.'
      : total === 1 ? `1 actief signaal uit de laatste signaalanalyse, ${fresh === 1 ? 'nieuw op de lijst' : 'al eerder op de lijst'}.`
      : `${total} actieve signalen uit de laatste signaalanalyse, waarvan ${fresh} nieuw op de lijst.`,
  signalNoRun: 'Er is nog geen signaalanalyse gedraaid.',
  tableTitle: 'Meldingen per categorie',
  colCategory: 'Categorie',
  colCount: (span: string) => `${span}`,
  colChange: 't.o.v. jaar eerder',
  colVerdict: 'Oordeel',
  colTrend: (n: number, unit: string) => `Verloop (${n} ${unit})`,
  months: 'maanden',
  weeks: 'weken',
  total: 'Alle categorieën',
  wijkTitle: (span: string) => `Wijken: grootste veranderingen, ${span}`,
  buurtTitle: (span: string) => `Buurten: grootste veranderingen, ${span}`,
  perMonth: 'Per maand',
  perWeek: 'Per week',
  rises: 'Stijging',
  falls: 'Daling',
  noneRanked: 'Geen gepubliceerde verandering om te rangschikken.',
  hiddenAreas: (n: number, level: string) => `${n} ${level} afgeschermd (niet gerangschikt).`,
  wijken: 'wijken',
  buurten: 'buurten',
  signalsTitle: 'Signalen',
  signalsIntro: (run: string, lastDay: string) => `Laatste signaalanalyse: ${run} (gegevens t/m ${lastDay}).`,
  signalsStale: 'De gegevens zijn sinds deze analyse gewijzigd.',
  byClass: 'Naar soort',
  byWijk: 'Naar wijk',
  newOf: (n: number) => (n > 0 ? `${n} nieuw` : ''),
  unknownWijk: 'wijk onbekend',
  method: 'Methode',
  methodText: (k: number, ks: number, alpha: number) =>
    `Om melders te beschermen zijn alle aantallen licht onzeker gemaakt (celsleutelmethode): hetzelfde cijfer is overal hetzelfde, maar cijfers tellen niet altijd precies op. Aantallen onder ${k} staan als "<${k}" (gevoelige categorieën en alle categorieën samen: "<${ks}"); een verandering met een afgeschermd aantal staat als "–" en wordt niet gerangschikt. "Groter dan toeval": Poisson-vergelijking van de getoonde aantallen met dezelfde weken een jaar eerder, verbreed met de extra spreiding die de buurten tussen die jaren laten zien (herhaalde meldingen, de onzekerheid van de cijfers), gecorrigeerd voor het aantal categorieën (FDR ${decimal(alpha * 100, 'nl', 0)} %). Perioden zijn hele ISO-weken; signalen komen uit de laatste signaalanalyse en hangen niet af van de periode.`,
  generated: (at: string, by: string) => `Gemaakt ${at} door ${by}`,
};

type Texts = typeof nl;

const en: Texts = {
  docTitle: 'Undermining crime bulletin',
  subtitle: (gemeente: string) => `Municipality of ${gemeente} · for the mayor and the triangle (driehoek)`,
  confidential: 'Confidential – for the triangle and the undermining crime meeting only',
  dataUntil: (d: string) => `Data up to ${d}`,
  headline: 'In brief',
  noData: (g: string) => `No reports are loaded for ${g}: no data (which is not the same as zero reports).`,
  totalSentence: (span: string, n: string, ch: string, verdict: string, noBase: boolean) =>
    noBase ? `${span}: ${n} reports; no comparison with a year earlier (no data).`
      : `${span}: ${n} reports, ${ch} against the same weeks a year earlier — ${verdict}.`,
  totalHidden: (span: string) => `${span}: the total is suppressed.`,
  noDataPeriod: (span: string) => `${span}: no data for this period.`,
  risenCategories: (list: string, span: string) => `Rose more than chance (${span}): ${list}.`,
  fallenCategories: (list: string, span: string) => `Fell more than chance (${span}): ${list}.`,
  noCategoryChange: (span: string) => `No category changed (${span}) more than chance can explain.`,
  wijkSentence: (up: string | null, down: string | null, span: string) =>
    [up ? `largest rise in district ${up}` : null, down ? `largest fall in ${down}` : null].filter(Boolean).join('; ').replace(/^./, (c) => c.toUpperCase()) + ` (${span}).`,
  signalSentence: (total: number, fresh: number) =>
    total === 0 ? 'No active signals from the latest signal analysis.'
      : total === 1 ? `1 active signal from the latest signal analysis, ${fresh === 1 ? 'new on the list' : 'on the list before'}.`
      : `${total} active signals from the latest signal analysis, ${fresh} of them new on the list.`,
  signalNoRun: 'No signal analysis has been run yet.',
  tableTitle: 'Reports by category',
  colCategory: 'Category',
  colCount: (span: string) => `${span}`,
  colChange: 'vs a year earlier',
  colVerdict: 'Verdict',
  colTrend: (n: number, unit: string) => `Trend (${n} ${unit})`,
  months: 'months',
  weeks: 'weeks',
  total: 'All categories',
  wijkTitle: (span: string) => `Districts: largest changes, ${span}`,
  buurtTitle: (span: string) => `Neighbourhoods: largest changes, ${span}`,
  perMonth: 'Per month',
  perWeek: 'Per week',
  rises: 'Rise',
  falls: 'Fall',
  noneRanked: 'No published change to rank.',
  hiddenAreas: (n: number, level: string) => `${n} ${level} suppressed (not ranked).`,
  wijken: 'districts',
  buurten: 'neighbourhoods',
  signalsTitle: 'Signals',
  signalsIntro: (run: string, lastDay: string) => `Latest signal analysis: ${run} (data up to ${lastDay}).`,
  signalsStale: 'The data have changed since this analysis.',
  byClass: 'By kind',
  byWijk: 'By district',
  newOf: (n: number) => (n > 0 ? `${n} new` : ''),
  unknownWijk: 'district unknown',
  method: 'Method',
  methodText: (k: number, ks: number, alpha: number) =>
    `To protect reporters, every count is made slightly uncertain (cell-key method): the same figure is the same everywhere, but figures may not add up exactly. Counts below ${k} read "<${k}" (sensitive categories and all categories together: "<${ks}"); a change involving a suppressed count reads "–" and is not ranked. "Greater than chance": Poisson comparison of the counts shown with the same weeks a year earlier, widened by the extra variation the buurten show between those years (repeat reports, the uncertainty of the figures), corrected for the number of categories (FDR ${decimal(alpha * 100, 'en', 0)} %). Periods are whole ISO weeks; signals come from the latest signal analysis and do not depend on the period.`,
  generated: (at: string, by: string) => `Generated ${at} by ${by}`,
};

export const BULLETIN_TEXT: Record<Lang, Texts> = { nl, en };

/** "212" / "<10" / "–" for a published count. */
export function countText(c: PublishedCount | null, k: number, lang: Lang): string {
  return count(c, k, lang);
}

export { integer };
