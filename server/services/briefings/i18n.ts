// Texts and number formats of a briefing, in Dutch and English. Every count is formatted with
// `formatCount` from the disclosure module, so a suppressed count always reads "<k".
import { formatCount, type PublishedChange, type PublishedCount } from '../../publish/index.ts';
import type { AreaLevel } from '../areas.ts';

export type Lang = 'nl' | 'en';
export const LANGS = ['nl', 'en'] as const;
export const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

/** Shown for a derived figure (rate, change) that is hidden or cannot be computed. */
export const NOT_SHOWN = '–';

// Intl formatters are costly to construct: one per (locale, options), reused.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(lang: Lang, min: number, max: number): Intl.NumberFormat {
  const key = `n|${lang}|${min}|${max}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f;
}
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${lang}|${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(LOCALE[lang], options)));
  return f;
}

/** A published count as text; a suppressed one reads "<k" (formatCount of the disclosure module). */
/** A published count as text: "<k" when hidden, "–" without data. */
export function count(c: PublishedCount | null, k: number, lang: Lang): string {
  if (!c) return NOT_SHOWN;
  return c.suppressed ? formatCount(c, k, LOCALE[lang]) : numberFormat(lang, 0, 0).format(c.value);
}

export function decimal(v: number, lang: Lang, digits = 1): string {
  return numberFormat(lang, digits, digits).format(v);
}

export function integer(v: number, lang: Lang): string {
  return numberFormat(lang, 0, 0).format(v);
}

/** Rate per 1,000 inhabitants with one decimal; "–" when hidden or without inhabitants. */
export function rate(v: number | null, lang: Lang): string {
  return v === null ? NOT_SHOWN : decimal(v, lang, 1);
}

const signed = (text: string, v: number) => (v > 0 ? `+${text}` : v < 0 ? `−${text.replace('-', '')}` : text);

/** The parts of a change: "+5" and "+41,7 %" ("" when the previous count is 0); "–" when hidden. */
export function changeParts(c: PublishedChange, lang: Lang): { absolute: string; percent: string } {
  if (c.suppressed || c.absolute === null) return { absolute: NOT_SHOWN, percent: '' };
  return { absolute: signed(integer(c.absolute, lang), c.absolute), percent: c.percent === null ? '' : `${signed(decimal(c.percent, lang, 1), c.percent)} %` };
}

/** "+5 (+41,7 %)", "−3 (−12,0 %)", "+4" (previous 0), "–" (hidden). */
export function change(c: PublishedChange, lang: Lang): string {
  const p = changeParts(c, lang);
  return p.percent ? `${p.absolute} (${p.percent})` : p.absolute;
}

export function date(iso: string, lang: Lang): string {
  return dateFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

export function shortDate(iso: string, lang: Lang): string {
  return dateFormat(lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

export function monthLabel(iso: string, lang: Lang): string {
  return dateFormat(lang, { month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)).replace('.', '');
}

/** A timestamp in Dutch local time, e.g. "28 november 2026 16:05". */
export function dateTime(iso: string, lang: Lang): string {
  return dateFormat(lang, {
    day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam', timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A period from the menu in words: "oktober 2026", "Q3 2026", "2025", "week 47 van 2026", "laatste 12 maanden". */
export function periodName(token: string, lang: Lang): string {
  let m: RegExpExecArray | null;
  if ((m = /^last-(\d+)m$/.exec(token))) {
    const n = Number(m[1]);
    return lang === 'nl' ? (n === 1 ? 'laatste maand' : `laatste ${n} maanden`) : (n === 1 ? 'last month' : `last ${n} months`);
  }
  if ((m = /^(\d{4})-W(\d{2})$/.exec(token))) return lang === 'nl' ? `week ${Number(m[2])} van ${m[1]}` : `week ${Number(m[2])} of ${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(token))) return `Q${m[2]} ${m[1]}`;
  if (/^\d{4}-\d{2}$/.test(token)) return dateFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${token}-01T00:00:00Z`));
  return token;
}

/** A period: "oktober 2026 (28 september 2026 – 1 november 2026)", or just the days. */
export function period(p: { from: string; to: string; token?: string }, lang: Lang): string {
  const days = `${date(p.from, lang)} – ${date(p.to, lang)}`;
  return p.token ? `${periodName(p.token, lang)} (${days})` : days;
}

export const LEVEL: Record<Lang, Record<AreaLevel, string>> = {
  nl: { buurt: 'Buurt', wijk: 'Wijk', gemeente: 'Gemeente' },
  en: { buurt: 'Neighbourhood (buurt)', wijk: 'District (wijk)', gemeente: 'Municipality (gemeente)' },
};

export const OUTCOME: Record<Lang, Record<string, string>> = {
  nl: { overtreding: 'Overtreding geconstateerd', geen_overtreding: 'Geen overtreding', onbekend: 'Uitkomst onbekend' },
  en: { overtreding: 'Violation found', geen_overtreding: 'No violation', onbekend: 'Outcome unknown' },
};

export const SIGNAL_CLASS: Record<Lang, Record<string, string>> = {
  nl: { new: 'Nieuw', rising: 'Stijgend', sudden: 'Plotseling meer', persistent: 'Blijvend veel', falling: 'Dalend' },
  en: { new: 'New', rising: 'Rising', sudden: 'Sudden increase', persistent: 'Persistently high', falling: 'Falling' },
};

export const SIGNAL_KIND: Record<Lang, Record<string, string>> = {
  nl: { lead: 'Vroeg signaal', map: 'Kaartklasse' },
  en: { lead: 'Early signal', map: 'Map class' },
};

export const ATTRIBUTION = 'CBS / Kadaster, CC-BY 4.0';

const nl = {
  docTitle: 'Briefing ondermijning',
  app: 'Signaalkaart',
  confidential: 'Vertrouwelijk – alleen voor het overleg ondermijning',
  allCategories: 'alle categorieën',
  categories: 'Categorieën',
  sources: 'Bronnen',
  allSources: 'alle bronnen',
  periodLabel: 'Periode',
  inGemeente: 'in',
  keyFigures: 'Kerncijfers',
  reports: 'Meldingen',
  per1000: 'Per 1.000 inwoners',
  vsPrevious: 'T.o.v. vorige periode',
  vsLastYear: 'T.o.v. vorig jaar',
  municipality: 'Gemeente',
  previousPeriod: 'vorige periode',
  lastYear: 'zelfde periode vorig jaar',
  inhabitants: 'inwoners',
  estimateNote: '* Inwonertal is een schatting; de rate is indicatief.',
  noInhabitants: 'geen inwonertal bekend',
  byCategory: 'Meldingen per categorie',
  colCategory: 'Categorie',
  colCount: 'Meldingen',
  colPrevious: 'Vorige periode',
  colLastYear: 'Vorig jaar',
  colChangeLastYear: 'Verschil t.o.v. vorig jaar',
  colRate: 'Per 1.000',
  colGemeente: 'Gemeente',
  colGemeenteRate: 'Gem. per 1.000',
  total: 'Totaal',
  selectedTotal: 'Totaal (geselecteerd)',
  map: 'Kaart: het gebied en de omgeving',
  mapLegendCounts: 'Meldingen in de periode',
  mapSuppressed: 'afgeschermd',
  mapNoData: 'geen meldingen',
  mapHotspot: 'Concentratiecel (Gi*, q ≤ 0,05)',
  mapSignal: 'Signaal (nummer uit de lijst)',
  mapArea: 'Dit gebied',
  mapNote: (cell: number) => `Vlakken: meldingen per gebied voor de gekozen filters. Hotspots: zeshoeken van ${cell} m met significant meer meldingen dan hun omgeving (Getis-Ord Gi*, FDR-gecorrigeerd). Geen meldingslocaties.`,
  mapNoBoundary: 'De grens van dit gebied ontbreekt in de gegeneraliseerde CBS-kaart; de kaart toont de omgeving.',
  trends: 'Verloop per categorie',
  trendNote: 'Doorgetrokken lijn: deze periode; gestreept: zelfde periode een jaar eerder. Gearceerd: afgeschermd (tussen 1 en k−1, of verborgen tegen terugrekenen).',
  trendNone: 'Geen meldingen in deze categorieën in de periode.',
  perMonth: 'per maand',
  perWeek: 'per week',
  signals: 'Actieve signalen',
  signalsIntro: (run: string, lastDay: string) => `Uit de laatste signaalanalyse (${run}, gegevens t/m ${lastDay}). Signalen hangen niet af van de gekozen periode.`,
  signalsStale: 'Let op: de gegevens zijn sinds deze analyse gewijzigd; draai de analyse opnieuw voor actuele signalen.',
  signalsNone: 'Geen actieve signalen voor dit gebied.',
  signalsNoRun: 'Er is nog geen signaalanalyse gedraaid; signalen zijn daarom niet beschikbaar.',
  signalsMore: (n: number) => `En nog ${n} ${n === 1 ? 'signaal' : 'signalen'}: zie het dashboard.`,
  signalStatus: { new: 'nieuw', ongoing: 'loopt door' } as Record<string, string>,
  allCategoriesSignal: 'alle categorieën samen',
  inspections: 'Controles en uitkomsten',
  inspectionsIntro: (p: string) => `Controles in het gebied in de periode ${p}, naar uitkomst (alle soorten controles; het categoriefilter geldt hier niet).`,
  inspectionsTotal: 'Controles totaal',
  inspectionsNone: 'Geen controles geregistreerd in de periode.',
  method: 'Methode en afscherming',
  data: 'Gegevens en verantwoording',
  dataVersion: 'Gegevensversie',
  lastImport: 'laatste import',
  dataRange: 'gegevens van',
  until: 't/m',
  generatedAt: 'Gemaakt op',
  generatedBy: 'door',
  attribution: 'Grenzen',
  suppressedCount: (n: number) => `In deze briefing ${n === 1 ? 'is 1 aantal' : `zijn ${n} aantallen`} afgeschermd (getoond als "<k").`,
  page: 'pagina',
  of: 'van',
};

type Texts = typeof nl;

const en: Texts = {
  docTitle: 'Undermining crime briefing',
  app: 'Signaalkaart',
  confidential: 'Confidential – for the undermining crime meeting only',
  allCategories: 'all categories',
  categories: 'Categories',
  sources: 'Sources',
  allSources: 'all sources',
  periodLabel: 'Period',
  inGemeente: 'in',
  keyFigures: 'Key figures',
  reports: 'Reports',
  per1000: 'Per 1,000 inhabitants',
  vsPrevious: 'Vs previous period',
  vsLastYear: 'Vs last year',
  municipality: 'Municipality',
  previousPeriod: 'previous period',
  lastYear: 'same period last year',
  inhabitants: 'inhabitants',
  estimateNote: '* The number of inhabitants is an estimate; the rate is indicative.',
  noInhabitants: 'no population figure',
  byCategory: 'Reports by category',
  colCategory: 'Category',
  colCount: 'Reports',
  colPrevious: 'Previous period',
  colLastYear: 'Last year',
  colChangeLastYear: 'Change vs last year',
  colRate: 'Per 1,000',
  colGemeente: 'Municipality',
  colGemeenteRate: 'Mun. per 1,000',
  total: 'Total',
  selectedTotal: 'Total (selected)',
  map: 'Map: the area and its surroundings',
  mapLegendCounts: 'Reports in the period',
  mapSuppressed: 'suppressed',
  mapNoData: 'no reports',
  mapHotspot: 'Concentration cell (Gi*, q ≤ 0.05)',
  mapSignal: 'Signal (number from the list)',
  mapArea: 'This area',
  mapNote: (cell: number) => `Areas: reports per area for the chosen filters. Hot spots: ${cell} m hexagons with significantly more reports than their surroundings (Getis-Ord Gi*, FDR-corrected). No report locations.`,
  mapNoBoundary: 'The boundary of this area is missing from the generalised CBS map; the map shows its surroundings.',
  trends: 'Trend per category',
  trendNote: 'Solid line: this period; dashed: the same period a year earlier. Hatched: suppressed (between 1 and k−1, or hidden against recalculation).',
  trendNone: 'No reports in these categories in the period.',
  perMonth: 'per month',
  perWeek: 'per week',
  signals: 'Active signals',
  signalsIntro: (run: string, lastDay: string) => `From the latest signal analysis (${run}, data up to ${lastDay}). Signals do not depend on the chosen period.`,
  signalsStale: 'Note: the data have changed since this analysis; run it again for current signals.',
  signalsNone: 'No active signals for this area.',
  signalsNoRun: 'No signal analysis has been run yet, so no signals are available.',
  signalsMore: (n: number) => `And ${n} more ${n === 1 ? 'signal' : 'signals'}: see the dashboard.`,
  signalStatus: { new: 'new', ongoing: 'ongoing' },
  allCategoriesSignal: 'all categories together',
  inspections: 'Inspections and outcomes',
  inspectionsIntro: (p: string) => `Inspections in the area in the period ${p}, by outcome (all kinds of inspection; the category filter does not apply here).`,
  inspectionsTotal: 'Inspections in total',
  inspectionsNone: 'No inspections recorded in the period.',
  method: 'Method and disclosure control',
  data: 'Data and accountability',
  dataVersion: 'Data version',
  lastImport: 'last import',
  dataRange: 'data from',
  until: 'to',
  generatedAt: 'Generated on',
  generatedBy: 'by',
  attribution: 'Boundaries',
  suppressedCount: (n: number) => `This briefing suppresses ${n} ${n === 1 ? 'count' : 'counts'} (shown as "<k").`,
  page: 'page',
  of: 'of',
};

export const TEXT: Record<Lang, Texts> = { nl, en };

/** The methodology box, one paragraph per item. */
export function methodology(lang: Lang, d: { k: number; kSensitive: number; sensitive: string[]; roundTo: number | null; cell: number }): { title: string; body: string }[] {
  const sensitive = d.sensitive.join(', ');
  if (lang === 'nl') {
    return [
      { title: 'Meldingen', body: 'Aantallen meldingen per gebied en periode, geteld op de dag van ontvangst. Meldingslocaties zijn bij de import afgerond op een raster en worden nooit getoond; gebieden zijn CBS-buurten en -wijken (2022). Vergelijkingen: de vorige periode van gelijke lengte en dezelfde periode een jaar eerder. Per 1.000 inwoners: gedeeld door het inwonertal; met * gemarkeerde inwonertallen zijn schattingen.' },
      { title: 'Hotspots (Getis-Ord Gi*)', body: `Gi* vergelijkt het aantal meldingen in een zeshoek van ${d.cell} m plus zijn buren met het gemiddelde van de hele gemeente. Een hoge z-score betekent meer meldingen dan bij toeval te verwachten is. Betrouwbaarheid 90, 95 of 99 % komt overeen met p ≤ 0,10, 0,05 of 0,01, na correctie voor meervoudig toetsen (False Discovery Rate, zoals ArcGIS).` },
      { title: 'Opkomende hotspots', body: 'Gi* per week in een ruimte-tijdkubus, met de Mann-Kendall-trendtoets over de z-scores (als ArcGIS Pro). Nieuw: alleen de laatste week heet. Aaneengesloten: de laatste weken achter elkaar heet, daarvoor nooit. Versterkend: heet in ten minste 90 % van de weken en significant sterker wordend. Aanhoudend: idem zonder trend. Afnemend: idem maar zwakker wordend. Sporadisch: af en toe heet. Wisselend: nu heet, eerder ook koud. Alarmen: EARS C2/C3 (plotselinge stijging per week) en een Poisson-toets tegen dezelfde weken in eerdere jaren. Clusters: prospectieve ruimte-tijd-permutatiescan (Kulldorff).' },
      { title: 'Afscherming', body: `Om melders en gemelde adressen te beschermen zijn alle aantallen licht onzeker gemaakt: bij elk aantal is een kleine, vaste afwijking opgeteld (de celsleutelmethode, zoals CBS en ONS die gebruiken). Hetzelfde cijfer is overal hetzelfde (dashboard, exports, briefings), maar cijfers tellen niet altijd precies op. Aantallen onder ${d.k} worden getoond als "<${d.k}"; voor gevoelige categorieën (${sensitive}) en voor cijfers over alle categorieën of alle controles samen is de drempel ${d.kSensitive}, en daar wordt ook nul als "<${d.kSensitive}" getoond. Afgeleide cijfers (per 1.000, verschillen) komen uit de getoonde aantallen; van een afgeschermd aantal staan ze als "${NOT_SHOWN}".${d.roundTo ? ` Getoonde aantallen zijn afgerond op veelvouden van ${d.roundTo}.` : ''} Perioden zijn hele weken en maanden uit een vaste lijst.` },
    ];
  }
  return [
    { title: 'Reports', body: 'Numbers of reports per area and period, counted on the day received. Report locations are snapped to a grid on import and are never shown; areas are CBS buurten and wijken (2022). Comparisons: the previous period of equal length and the same period one year earlier. Per 1,000 inhabitants: divided by the number of inhabitants; figures marked * are estimates.' },
    { title: 'Hot spots (Getis-Ord Gi*)', body: `Gi* compares the number of reports in a ${d.cell} m hexagon and its neighbours with the mean of the whole municipality. A high z-score means more reports than chance would explain. Confidence 90, 95 or 99 % corresponds to p ≤ 0.10, 0.05 or 0.01, after correction for multiple testing (False Discovery Rate, as ArcGIS).` },
    { title: 'Emerging hot spots', body: 'Gi* per week in a space-time cube, with the Mann-Kendall trend test over the z-scores (as ArcGIS Pro). New: only the last week is hot. Consecutive: hot in the last weeks in a row, never before. Intensifying: hot in at least 90 % of the weeks and significantly getting stronger. Persistent: the same without a trend. Diminishing: the same but getting weaker. Sporadic: hot on and off. Oscillating: hot now, cold at times before. Alerts: EARS C2/C3 (sudden weekly rise) and a Poisson test against the same weeks of earlier years. Clusters: prospective space-time permutation scan (Kulldorff).' },
    { title: 'Disclosure control', body: `To protect reporters and the places reported, every count is made slightly uncertain: a small, fixed deviation is added to each count (the cell-key method, as used by CBS and ONS). The same figure is the same everywhere (dashboard, exports, briefings), but figures may not add up exactly. Counts below ${d.k} read "<${d.k}"; for sensitive categories (${sensitive}) and for figures over all categories or all inspections together the threshold is ${d.kSensitive}, and there zero also reads "<${d.kSensitive}". Derived figures (per 1,000, changes) come from the counts shown; for a hidden count they read "${NOT_SHOWN}".${d.roundTo ? ` Counts shown are rounded to multiples of ${d.roundTo}.` : ''} Periods are whole weeks and months from a fixed list.` },
  ];
}
