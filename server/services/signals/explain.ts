/**
 * Plain-language explanations of a signal in Dutch and English, from its PUBLISHED figures only
 * (publish.ts): the place's own published count in the window against what its history predicts,
 * the trend statistic for rising signals, the q-value (never called "p") and how often chance would
 * give such a signal (the null calibration). Correct plurals ("1 melding", "2 meldingen"); a count
 * below the threshold reads "minder dan k"; never "0 meldingen" as a reason, never "100 %".
 */
import type { PublishedSignal } from './publish.ts';

export interface CategoryLabels {
  get(code: string): { nl: string; en: string } | undefined;
}

type Lang = 'nl' | 'en';
const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

// The formatters are made once per locale and option (constructing an Intl formatter costs tens of
// microseconds; a run explains thousands of figures on the main thread).
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

export function formatNumber(v: number, lang: Lang, digits = 1): string {
  return formatter(`n:${lang}:${digits}`, () => new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits })).format(v);
}

function date(iso: string, lang: Lang): string {
  return formatter(`d:${lang}`, () => new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })).format(new Date(`${iso}T00:00:00Z`));
}

function lowerFirst(s: string): string {
  return s.length > 1 && s[1] === s[1]!.toLowerCase() ? s[0]!.toLowerCase() + s.slice(1) : s;
}

export function plural(n: number, one: string, many: string, lang: Lang): string {
  return `${formatNumber(n, lang, 0)} ${n === 1 ? one : many}`;
}

const weeks = (n: number, lang: Lang) => (lang === 'nl' ? plural(n, 'week', 'weken', lang) : plural(n, 'week', 'weeks', lang));

/** "q = 0,0012" / "q < 0,0001" (a q-value, never "p"; two significant digits); "q ≤ 0,01" for a
 *  bound (publish.ts HIDDEN_Q_STEPS). */
export function formatQ(q: number, lang: Lang, bound = false): string {
  if (bound) return `q ≤ ${formatNumber(q, lang, 2)}`;
  if (q < 0.0001) return `q < ${formatNumber(0.0001, lang, 4)}`;
  return `q = ${formatter(`q:${lang}`, () => new Intl.NumberFormat(LOCALE[lang], { maximumSignificantDigits: 2 })).format(q)}`;
}

function list(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'nl' ? 'en' : 'and'} ${items[items.length - 1]}`;
}

export class Explainer {
  constructor(private readonly labels: CategoryLabels) {}

  explain(s: PublishedSignal): { nl: string; en: string } {
    return { nl: this.text(s, 'nl'), en: this.text(s, 'en') };
  }

  /** "7 meldingen van afvaldumping" / "minder dan 10 meldingen (alle categorieën)". */
  private reports(s: PublishedSignal, lang: Lang): string {
    const nl = lang === 'nl';
    const count = s.observed === null
      ? `${nl ? 'minder dan' : 'fewer than'} ${plural(s.k, nl ? 'melding' : 'report', nl ? 'meldingen' : 'reports', lang)}`
      : plural(s.observed, nl ? 'melding' : 'report', nl ? 'meldingen' : 'reports', lang);
    if (!s.category) return `${count} (${nl ? 'alle categorieën' : 'all categories'})`;
    const label = this.labels.get(s.category) ?? { nl: s.category, en: s.category };
    return nl ? `${count} van ${lowerFirst(label.nl)}` : `${count} of ${lowerFirst(label.en)}`;
  }

  private where(s: PublishedSignal, lang: Lang): string {
    const names = s.places.map((p) => p.name);
    if (lang === 'nl') return names.length === 1 ? `in buurt ${names[0]}` : `in de buurten ${list(names, lang)}`;
    return names.length === 1 ? `in the neighbourhood ${names[0]}` : `in the neighbourhoods ${list(names, lang)}`;
  }

  private expected(s: PublishedSignal, lang: Lang): string {
    const nl = lang === 'nl';
    const e = formatNumber(s.expected, lang, 1);
    if (s.expectedUpperBound) return nl ? `minder dan ${e} verwacht` : `fewer than ${e} expected`;
    return nl ? `${e} verwacht` : `${e} expected`;
  }

  private chance(s: PublishedSignal, lang: Lang): string {
    const nl = lang === 'nl';
    const r = s.recurrence;
    const years = r.years >= 10 ? formatNumber(Math.round(r.years), lang, 0) : formatNumber(r.years, lang, 1);
    const yearWord = (en: boolean) => (r.years === 1 ? (en ? 'year' : 'jaar') : en ? 'years' : 'jaar');
    if (r.atLeast && r.years < 1) {
      const perYear = formatNumber(1 / r.years, lang, 1);
      return nl ? `zou bij toeval minder dan ${perYear} keer per jaar voorkomen` : `would occur by chance less than ${perYear} times a year`;
    }
    if (r.atLeast) return nl ? `zou bij toeval minder dan eens per ${years} jaar voorkomen` : `would occur by chance less than once in ${years} ${yearWord(true)}`;
    if (r.years < 1) {
      const perYear = formatNumber(1 / r.years, lang, 1);
      return nl ? `zou bij toeval ongeveer ${perYear} keer per jaar voorkomen` : `would occur by chance about ${perYear} times a year`;
    }
    return nl ? `zou bij toeval ongeveer eens per ${years} jaar voorkomen` : `would occur by chance about once in ${years} ${yearWord(true)}`;
  }

  private text(s: PublishedSignal, lang: Lang): string {
    const nl = lang === 'nl';
    const last = s.window.weeks === 1 ? (nl ? 'de laatste week' : 'the last week') : nl ? `de laatste ${weeks(s.window.weeks, lang)}` : `the last ${weeks(s.window.weeks, lang)}`;
    const period = nl
      ? `${last} (${date(s.window.from, lang)} t/m ${date(s.window.to, lang)})`
      : `${last} (${date(s.window.from, lang)} to ${date(s.window.to, lang)})`;
    const head = `${this.reports(s, lang)} ${this.where(s, lang)} in ${period}; ${this.expected(s, lang)} ${nl ? 'op grond van de eigen voorgaande weken van deze plek (bijgesteld naar de rest van de gemeente in dezelfde weken)' : 'from this place\'s own previous weeks (adjusted to the rest of the municipality in the same weeks)'}.`;
    let what: string;
    if (s.class === 'new') {
      what = nl ? 'Nieuw: hier waren in de voorgaande twee jaar (bijna) geen meldingen in deze categorie.' : 'New: (almost) no reports in this category here in the previous two years.';
    } else if (s.class === 'rising') {
      const t = s.trend;
      const ratio = s.qBound
        ? ''
        : t?.rateRatio == null
        ? (nl ? ', van vrijwel nul' : ', from almost zero')
        : (nl
          ? `; aan het eind van die periode volgens de trend ${formatNumber(t.rateRatio, lang, 1)} keer het niveau van de twee jaar ervoor (Poisson-trend, bijgesteld naar de rest van de gemeente)`
          : `; at the end of that period, by the trend, ${formatNumber(t.rateRatio, lang, 1)} times the level of the two years before (Poisson trend, adjusted to the rest of the municipality)`);
      what = nl
        ? `Stijgend: het aantal meldingen hier neemt over ${weeks(t?.spanWeeks ?? s.window.weeks, lang)} gestaag toe${ratio}.`
        : `Rising: reports here increase steadily over ${weeks(t?.spanWeeks ?? s.window.weeks, lang)}${ratio}.`;
    } else {
      what = nl ? 'Plotseling meer meldingen dan de eigen geschiedenis van deze plek voorspelt.' : 'Suddenly more reports than this place\'s own history predicts.';
    }
    const evidence = nl
      ? `Sterkte van het bewijs: ${formatQ(s.q, lang, s.qBound)} na correctie voor alle toetsen van deze analyse; ${this.chance(s, lang)}. Herhaalde meldingen over dezelfde plek binnen zes weken tellen in de toets als één.`
      : `Strength of evidence: ${formatQ(s.q, lang, s.qBound)} after correction for all tests of this analysis; ${this.chance(s, lang)}. Repeat reports about one spot within six weeks count once in the test.`;
    return `${head} ${what} ${evidence}`;
  }

  /** Map classes (persistent, falling): one short sentence, no figures. */
  mapText(cls: 'persistent' | 'falling', category: string | null, name: string): { nl: string; en: string } {
    const label = category ? this.labels.get(category) ?? { nl: category, en: category } : { nl: 'alle categorieën', en: 'all categories' };
    return cls === 'persistent'
      ? { nl: `Blijvend veel meldingen van ${lowerFirst(label.nl)} in buurt ${name} (meer per inwoner dan in de gemeente, het hele afgelopen jaar).`, en: `Persistently many reports of ${lowerFirst(label.en)} in the neighbourhood ${name} (more per inhabitant than the municipality, all of the past year).` }
      : { nl: `Dalend: minder meldingen van ${lowerFirst(label.nl)} in buurt ${name} dan de eigen geschiedenis voorspelt.`, en: `Falling: fewer reports of ${lowerFirst(label.en)} in the neighbourhood ${name} than its own history predicts.` };
  }
}
