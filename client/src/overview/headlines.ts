/**
 * The overview's headline sentences ("In het kort"), from the figures of /api/overview — the same
 * sentences the bulletin PDF prints (server/services/briefings/bulletin-pdf.ts), in the dashboard's
 * message catalogue. Pure: tested in tests/e2e/client-logic.test.ts.
 */
import type { Overview, OverviewWindow } from '../lib/api.ts';
import { formatCount, formatSigned, translate } from '../lib/format.ts';
import type { MessageKey } from '../lib/messages.ts';
import { periodName } from '../lib/periods.ts';
import type { Lang } from '../lib/url-state.ts';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A period's name inside a sentence: "laatste 12 maanden", "oktober 2026", "October 2026". */
const inSentence = (lang: Lang, token: string) => {
  const name = periodName(lang, token);
  return token.startsWith('last-') ? name.charAt(0).toLowerCase() + name.slice(1) : name;
};

/** "+224 (+10,3 %)", "−3 (−6,5 %)", "+4" (last year 0), "–" (hidden). */
export function changeWords(lang: Lang, c: { absolute: number | null; percent: number | null; suppressed: boolean }): string {
  return changeWordParts(lang, c).join(' ');
}

/** The change as "+31" and "(+16,1 %)": a narrow table puts them on two lines, each whole. */
export function changeWordParts(lang: Lang, c: { absolute: number | null; percent: number | null; suppressed: boolean }): string[] {
  if (c.suppressed || c.absolute === null) return ['–'];
  const abs = formatSigned(lang, c.absolute).replace('-', '−');
  if (c.percent === null) return [abs];
  return [abs, `(${formatSigned(lang, c.percent, 1).replace('-', '−')} %)`];
}

/** Windows, longest first (the year, then the month). */
export function byLength(o: Overview): OverviewWindow[] {
  return [...o.windows].sort((a, b) => b.period.weeks - a.period.weeks);
}

export function headlines(o: Overview, lang: Lang): string[] {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  if (o.noData) return [t('ovNoData', { gemeente: o.gemeente.name })];
  const out: string[] = [];
  const windows = byLength(o);
  for (const w of windows) {
    const span = capital(periodName(lang, w.period.token));
    const f = w.total;
    if (!f.count) out.push(t('ovNoDataPeriod', { span }));
    else if (f.count.suppressed) out.push(t('ovTotalHidden', { span }));
    else if (!f.lastYear) out.push(t('ovTotalNoBase', { span, n: formatCount(lang, f.count, w.k) }));
    else out.push(t('ovTotalSentence', { span, n: formatCount(lang, f.count, w.k), change: changeWords(lang, f.change), verdict: t(`verdict_${f.verdict}` as MessageKey) }));
  }
  const long = windows[0];
  if (long && !long.noData) {
    const label = (c: { labelNl: string; labelEn: string }) => (lang === 'en' ? c.labelEn : c.labelNl).toLowerCase();
    for (const w of windows) {
      const span = inSentence(lang, w.period.token);
      const up = w.categories.filter((c) => c.verdict === 'rise').map(label);
      const down = w.categories.filter((c) => c.verdict === 'fall').map(label);
      if (up.length) out.push(t('ovRisen', { span, list: up.join(', ') }));
      if (down.length) out.push(t('ovFallen', { span, list: down.join(', ') }));
      if (w === long && !up.length && !down.length) out.push(t('ovNoCategoryChange', { span }));
    }
    const span = inSentence(lang, long.period.token);
    const up = long.wijken.rises[0];
    const down = long.wijken.falls[0];
    if (up) out.push(t('ovWijkUp', { name: up.name, change: changeWords(lang, up.change), span }));
    if (down) out.push(t('ovWijkDown', { name: down.name, change: changeWords(lang, down.change), span }));
  }
  out.push(!o.signals.run ? t('ovSignalNoRun') : signalSentence(o.signals, lang));
  return out;
}

/** "3 actieve signalen …, waarvan 2 nieuw op de lijst" ("new on the list", not the class "new"). */
export function signalSentence(s: { total: number; new: number }, lang: Lang): string {
  if (s.total === 0) return translate(lang, 'ovSignalNone');
  if (s.total === 1) return translate(lang, s.new === 1 ? 'ovSignalOneNew' : 'ovSignalOneOld');
  return translate(lang, 'ovSignalSentence', { total: s.total, new: s.new });
}
