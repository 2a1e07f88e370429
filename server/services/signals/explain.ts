import { formatCount, suppressCount, thresholdFor, type DisclosureConfig, type PublishedCount } from '../../analysis/suppression.ts';
import type { SignalRecord } from './types.ts';

/** Plain-language explanations of a signal in Dutch and English. Every count in the text goes
 *  through the disclosure module: a suppressed count reads "<k". */

export interface CategoryLabels {
  get(code: string): { nl: string; en: string } | undefined;
}

type Lang = 'nl' | 'en';
const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

function number(v: number, lang: Lang, digits = 1): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits }).format(v);
}

function pValue(p: number, lang: Lang): string {
  if (p < 0.001) return `p < ${number(0.001, lang, 3)}`;
  return `p = ${number(p, lang, 3)}`;
}

function date(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

function lowerFirst(s: string): string {
  return s.length > 1 && s[1] === s[1]!.toLowerCase() ? s[0]!.toLowerCase() + s.slice(1) : s;
}

export class Explainer {
  constructor(private readonly labels: CategoryLabels, private readonly disclosure: DisclosureConfig) {}

  private k(category: string | null): number {
    return thresholdFor(category ? [category] : 'all', this.disclosure);
  }

  published(category: string | null, n: number): PublishedCount {
    return suppressCount(n, this.k(category), { roundTo: this.disclosure.roundTo });
  }

  private count(category: string | null, n: number, lang: Lang): string {
    return formatCount(this.published(category, n), this.k(category), LOCALE[lang]);
  }

  private reports(category: string | null, n: number, lang: Lang): string {
    const c = this.count(category, n, lang);
    if (!category) return lang === 'nl' ? `${c} meldingen (alle categorieën)` : `${c} reports (all categories)`;
    const label = this.labels.get(category) ?? { nl: category, en: category };
    return lang === 'nl' ? `${c} meldingen van ${lowerFirst(label.nl)}` : `${c} reports of ${lowerFirst(label.en)}`;
  }

  private where(s: SignalRecord, lang: Lang): string {
    const n = s.locations.length;
    if (s.locationType === 'buurt') {
      const names = s.details.names ?? s.locations;
      const list = names.join(', ');
      return lang === 'nl' ? (n === 1 ? `in ${list}` : `in de buurten ${list}`) : (n === 1 ? `in ${list}` : `in the neighbourhoods ${list}`);
    }
    return lang === 'nl' ? (n === 1 ? 'in deze cel' : `in deze ${n} cellen`) : (n === 1 ? 'in this cell' : `in these ${n} cells`);
  }

  private steps(n: number, unit: 'week' | 'month', lang: Lang): string {
    if (lang === 'nl') return unit === 'week' ? (n === 1 ? 'week' : `${n} weken`) : (n === 1 ? 'maand' : `${n} maanden`);
    return unit === 'week' ? (n === 1 ? 'week' : `${n} weeks`) : (n === 1 ? 'month' : `${n} months`);
  }

  private confidence(s: SignalRecord, lang: Lang): string {
    const pct = number(Math.round((s.confidence ?? 0) * 1000) / 10, lang);
    if (s.details.fdr === false) return lang === 'nl' ? `${pct} % betrouwbaarheid (zonder correctie voor meervoudig toetsen)` : `${pct} % confidence (without correction for multiple testing)`;
    return lang === 'nl' ? `${pct} % betrouwbaarheid na correctie voor meervoudig toetsen` : `${pct} % confidence after correction for multiple testing`;
  }

  explain(s: SignalRecord): { nl: string; en: string } {
    return { nl: this.text(s, 'nl'), en: this.text(s, 'en') };
  }

  private text(s: SignalRecord, lang: Lang): string {
    if (s.kind === 'emerging') return this.emerging(s, lang);
    if (s.kind === 'alert') return this.alert(s, lang);
    return this.cluster(s, lang);
  }

  private emerging(s: SignalRecord, lang: Lang): string {
    const d = s.details;
    const unit = d.step ?? 'week';
    const window = d.windowSteps ?? 1;
    const head = `${this.reports(s.category, s.counts.recent ?? 0, lang)} ${lang === 'nl' ? 'in de laatste' : 'in the last'} ${this.steps(window, unit, lang)} ${this.where(s, lang)}`;
    const nl = lang === 'nl';
    const hotShare = d.cubeSteps ? `${d.hotSteps} ${nl ? 'van de' : 'of the'} ${this.steps(d.cubeSteps, unit, lang)}` : '';
    const trendP = s.trend ? pValue(s.trend.p, lang) : '';
    let before: string;
    if (s.classCode === 'new_hot' || s.classCode === 'consecutive_hot') {
      const b = s.counts.before ?? 0;
      before = b === 0 ? (nl ? 'daarvoor geen' : 'none before') : nl
        ? `in de ${this.steps(d.beforeSteps ?? 0, unit, lang)} daarvoor ${this.count(s.category, b, lang)}`
        : `${this.count(s.category, b, lang)} in the ${this.steps(d.beforeSteps ?? 0, unit, lang)} before`;
    } else {
      before = nl
        ? `in de ${this.steps(window, unit, lang)} daarvoor ${this.count(s.category, s.counts.previous ?? 0, lang)}`
        : `${this.count(s.category, s.counts.previous ?? 0, lang)} in the ${this.steps(window, unit, lang)} before`;
    }
    const what: Record<string, [string, string]> = {
      new_hot: ['nieuwe hotspot (alleen de laatste stap is significant heet)', 'new hot spot (only the last step is significantly hot)'],
      consecutive_hot: [`aaneengesloten hotspot (de laatste ${this.steps(window, unit, 'nl')} achter elkaar heet, daarvoor nooit)`, `consecutive hot spot (hot in each of the last ${this.steps(window, unit, 'en')}, never before)`],
      intensifying_hot: [`toenemende hotspot (heet in ${hotShare} en steeds sterker, trend ${trendP})`, `intensifying hot spot (hot in ${hotShare} and getting stronger, trend ${trendP})`],
      persistent_hot: [`blijvende hotspot (heet in ${hotShare}, zonder duidelijke trend)`, `persistent hot spot (hot in ${hotShare}, no clear trend)`],
      diminishing_hot: [`afnemende hotspot (heet in ${hotShare}, maar steeds minder sterk, trend ${trendP})`, `diminishing hot spot (hot in ${hotShare} but getting weaker, trend ${trendP})`],
      sporadic_hot: [`sporadische hotspot (af en toe heet: ${hotShare}, ook de laatste)`, `sporadic hot spot (on and off: hot in ${hotShare}, including the last)`],
      oscillating_hot: [`wisselende hotspot (nu heet, eerder ook koud; heet in ${hotShare})`, `oscillating hot spot (hot now, cold at times before; hot in ${hotShare})`],
    };
    const [whatNl, whatEn] = what[s.classCode] ?? [s.classCode, s.classCode];
    // Gi* counts the neighbours too: a cell without reports of its own can be hot beside a cluster.
    const byNeighbours = (s.counts.recent ?? 0) === 0
      ? (nl ? ' (heet door meldingen in de aangrenzende gebieden)' : ' (hot because of reports in the adjacent areas)')
      : '';
    return `${head}${byNeighbours}; ${before}; ${nl ? whatNl : whatEn}, ${this.confidence(s, lang)}.`;
  }

  private alert(s: SignalRecord, lang: Lang): string {
    const nl = lang === 'nl';
    const parts: string[] = [];
    const tests = s.details.tests ?? [];
    const ears = tests.filter((t) => t.test !== 'same_period').map((t) => (t.test === 'ears_c3' ? 'C3' : 'C2'));
    // With a suppressed count, the exact p-value would let one solve for it: say only "significant".
    const hideP = this.published(s.category, s.counts.window ?? 0).suppressed || this.published(s.category, s.counts.baseline ?? 0).suppressed;
    for (const t of tests) {
      if (t.test === 'same_period') {
        const window = this.steps(t.windowWeeks, 'week', lang);
        parts.push(nl
          ? `${this.reports(s.category, s.counts.window ?? 0, lang)} ${this.where(s, lang)} in de laatste ${window}, tegen ${this.count(s.category, s.counts.baseline ?? 0, lang)} in dezelfde weken van de ${t.years} voorgaande ${t.years === 1 ? 'jaar' : 'jaren'} samen; meer dan verwacht (Poisson-toets, ${hideP ? 'significant' : `${pValue(t.q, lang)}`} na FDR-correctie${hideP ? '' : `, ${this.confidence(s, lang)}`})`
          : `${this.reports(s.category, s.counts.window ?? 0, lang)} ${this.where(s, lang)} in the last ${window}, against ${this.count(s.category, s.counts.baseline ?? 0, lang)} in the same weeks of the ${t.years} previous ${t.years === 1 ? 'year' : 'years'} together; more than expected (Poisson test, ${hideP ? 'significant' : pValue(t.q, lang)} after FDR correction${hideP ? '' : `, ${this.confidence(s, lang)}`})`);
      } else if (t.test === 'ears_c2' || ears.length === 1) {
        // One sentence for C2 and C3 together: they read the same weekly count.
        const name = ears.join(nl ? '- en ' : ' and ');
        parts.push(nl
          ? `${this.reports(s.category, s.counts.lastWeek ?? 0, lang)} ${this.where(s, lang)} in de week van ${date(t.week, lang)}, tegen ${this.count(s.category, s.counts.earsBaseline ?? 0, lang)} in de 7 weken tot 2 weken daarvoor samen; EARS-${name}-alarm (drempelmethode van het CDC, geen p-waarde)`
          : `${this.reports(s.category, s.counts.lastWeek ?? 0, lang)} ${this.where(s, lang)} in the week of ${date(t.week, lang)}, against ${this.count(s.category, s.counts.earsBaseline ?? 0, lang)} in the 7 weeks up to 2 weeks before together; EARS ${name} alarm (CDC threshold method, no p-value)`);
      }
    }
    return `${parts.join('. ')}.`;
  }

  private cluster(s: SignalRecord, lang: Lang): string {
    const nl = lang === 'nl';
    const c = s.details.cluster!;
    const observed = this.published(s.category, s.counts.observed ?? 0);
    const weeks = this.steps(c.durationWeeks, 'week', lang);
    const expected = observed.suppressed
      ? ''
      : nl
        ? `, waar ${number(c.expected, lang)} verwacht werden als plaats en tijd los van elkaar staan (relatief risico ${number(c.relativeRisk, lang)})`
        : `, where ${number(c.expected, lang)} were expected if place and time were unrelated (relative risk ${number(c.relativeRisk, lang)})`;
    const recurrence = number(Math.round(c.recurrenceWeeks), lang, 0);
    // With no replicate as strong as the data, p = 1/(R + 1) is the resolution limit, not an estimate.
    const atLimit = c.p <= 1 / (c.replications + 1) + 1e-12;
    const p = atLimit ? `p ≤ ${number(c.p, lang, 4)}` : `p = ${number(c.p, lang, 3)}`;
    const chance = nl
      ? (atLimit ? `bij toeval zeldzamer dan eens in de ${recurrence} weken` : `bij toeval ongeveer eens in de ${recurrence} weken`)
      : (atLimit ? `by chance less often than once in ${recurrence} weeks` : `by chance about once in ${recurrence} weeks`);
    return nl
      ? `${this.reports(s.category, s.counts.observed ?? 0, lang)} ${this.where(s, lang)} in de laatste ${weeks}${expected}. Ruimte-tijdcluster (permutatiescan, ${p} met ${c.replications} permutaties, ${pValue(c.q, lang).replace('p', 'q')} na FDR-correctie over alle scans); ${chance}.`
      : `${this.reports(s.category, s.counts.observed ?? 0, lang)} ${this.where(s, lang)} in the last ${weeks}${expected}. Space-time cluster (permutation scan, ${p} with ${c.replications} permutations, ${pValue(c.q, lang).replace('p', 'q')} after FDR correction across all scans); ${chance}.`;
  }
}
