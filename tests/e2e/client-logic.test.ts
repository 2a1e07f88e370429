/**
 * The dashboard's pure logic, without a browser: URL state, period presets, map classes,
 * number formatting and the API module's signal requests.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSignalList, NotAvailableError, queryString } from '../../client/src/lib/api.ts';
import { ANALYST_LAYERS, buildStyle, LAYER_IDS, LAYERS, SOURCE_IDS, TOGGLED } from '../../client/src/map/layers/registry.ts';
import { formatChange, formatCount, formatMoment, formatNumber, formatRate, translate } from '../../client/src/lib/format.ts';
import { labelPoint, pixelsPerMetre } from '../../client/src/lib/geo.ts';
import { en, nl } from '../../client/src/lib/messages.ts';
import { bucketName, intervalFor, periodName, periodSummary, resolvePeriod, weekChoices } from '../../client/src/lib/periods.ts';
import { periodMenu } from '../../server/publish/periods.ts';
import { defaultState, parseUrl, toSearch, withoutCamera } from '../../client/src/lib/url-state.ts';
import { changeWords, headlines, signalSentence } from '../../client/src/overview/headlines.ts';

describe('URL state', () => {
  it('the defaults make an empty query string', () => {
    expect(toSearch(defaultState())).toBe('');
    expect(parseUrl('')).toEqual(defaultState());
  });

  it('round-trips every setting', () => {
    const s = defaultState();
    Object.assign(s, {
      view: 'trends', lang: 'en', category: 'hennep', source: 'mma', gemeente: 'GM1700',
      period: '2026-Q1', level: 'wijk', metric: 'rate', cell: 250,
      area: 'BU17000101', signal: '42', camera: { zoom: 12.25, lat: 52.44, lon: 6.58 }, trendsBy: 'area',
      interval: 'week', trendArea: 'WK170001', table: true, signalStatus: 'new',
    });
    s.layers = { choropleth: false, hexagons: true, heat: true, hotspots: false, signals: true };
    const search = toSearch(s);
    expect(search).toContain('cat=hennep');
    expect(search).toContain('p=2026-Q1');
    expect(search).toContain('layers=hexagons,heat,signals');
    expect(search).toContain('map=12.25/52.44/6.58');
    expect(parseUrl(search)).toEqual(s);
  });

  it('drops malformed values instead of failing', () => {
    const s = parseUrl('?v=nope&lang=de&cat=Hennep,ok_code,<script>&src=a,b&gm=1700&p=custom&from=2026-02-30&to=2026-03-01&cell=300&area=XX1&map=99/0/0&sst=maybe');
    expect(s.view).toBe('overview'); // the landing page for every role
    expect(s.lang).toBe('nl');
    expect(s.category).toBe('ok_code'); // an old list keeps its first valid code: one category or all
    expect(s.source).toBe('a');
    expect(s.gemeente).toBeNull();
    expect(s.period).toBeNull(); // old presets and free dates give way to the default period
    expect(s.cell).toBe(500);
    expect(s.area).toBeNull();
    expect(s.camera).toBeNull();
    expect(s.signalStatus).toBe('all');
  });

  it('an empty layer list means all layers off', () => {
    const s = parseUrl('?layers=');
    expect(Object.values(s.layers).every((on) => !on)).toBe(true);
    expect(toSearch(s)).toBe('?layers=');
  });

  it('camera moves are told apart from other changes', () => {
    expect(withoutCamera('?cat=hennep&map=10/52/6')).toBe(withoutCamera('?cat=hennep&map=11/52.1/6.1'));
    expect(withoutCamera('?cat=hennep&map=10/52/6')).not.toBe(withoutCamera('?cat=drugslab&map=10/52/6'));
  });
});

describe('periods', () => {
  const menu = periodMenu({ firstDay: '2023-11-27', lastDay: '2026-11-22' });
  it('resolve a token for the data, and fall back to the default for one the data cannot show', () => {
    expect(resolvePeriod(null, menu)).toMatchObject({ token: 'last-12m', from: '2025-11-03', to: '2026-11-01' });
    expect(resolvePeriod('2026-Q3', menu)).toMatchObject({ from: '2026-06-29', to: '2026-09-27', weeks: 13 });
    expect(resolvePeriod('last-5m', menu)?.token).toBe('last-12m');
  });
  it('read as words', () => {
    expect(periodName('nl', 'last-12m')).toBe('Laatste 12 maanden');
    expect(periodName('en', 'last-1m')).toBe('Last month');
    expect(periodName('nl', '2026-10')).toBe('oktober 2026');
    expect(periodName('nl', '2026-W47')).toBe('week 47 van 2026');
    expect(periodName('en', '2026-Q3')).toBe('Q3 2026');
    expect(bucketName('nl', '2026-10')).toBe('okt 2026');
    expect(periodSummary('nl', resolvePeriod('2026-10', menu)!)).toBe('oktober 2026 (28 sep 2026 t/m 1 nov 2026)');
  });
  it('offer every single week of the data, newest first, by ISO year, in the dashboard language', () => {
    const groups = weekChoices('en', menu.weeks!);
    expect(groups.map((g) => g.year)).toEqual(['2026', '2025', '2024', '2023']);
    const all = groups.flatMap((g) => g.weeks);
    expect(all).toHaveLength(156);
    expect(all[0]).toEqual({ token: '2026-W47', label: 'wk 47 · 16 Nov 2026' });
    expect(all.at(-1)!.token).toBe('2023-W48');
    // ISO years: the week of Monday 29 Dec 2025 is week 1 of 2026.
    expect(groups[0]!.weeks.at(-1)).toEqual({ token: '2026-W01', label: 'wk 1 · 29 Dec 2025' });
    expect(weekChoices('nl', menu.weeks!)[0]!.weeks[0]!.label).toBe('wk 47 · 16 nov 2026');
  });
  it('chart intervals: weeks up to a quarter, months beyond', () => {
    expect(intervalFor(resolvePeriod('2026-Q3', menu)!)).toBe('week');
    expect(intervalFor(resolvePeriod('last-6m', menu)!)).toBe('month');
  });
});

describe('map layer registry', () => {
  it('lists the switchable layers in the order of the URL ids, analysts-only ones marked', () => {
    expect(TOGGLED.map((l) => l.id)).toEqual([...LAYER_IDS]);
    expect(ANALYST_LAYERS).toEqual(['hexagons', 'heat', 'hotspots', 'signals']);
  });

  it('has unique style layer ids, each on a source some module declares', () => {
    const ids = LAYERS.flatMap((l) => l.styleLayers.map((s) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of LAYERS) for (const s of l.styleLayers) if ('source' in s) expect(SOURCE_IDS).toContain(s.source);
  });

  it('draws every fill under the reference lines and hides what it is told to', () => {
    const style = buildStyle({ data: {}, hidden: new Set(['heat']), paint: { 'choropleth-fill': { 'fill-color': '#123456' } } });
    const order = style.layers.map((l) => l.id);
    expect(order[0]).toBe('background');
    expect(order.indexOf('choropleth-fill')).toBeLessThan(order.indexOf('buurten-line'));
    expect(order.indexOf('gemeenten-line')).toBeLessThan(order.indexOf('selected-line'));
    expect(style.layers.find((l) => l.id === 'heat')!.layout).toEqual({ visibility: 'none' });
    expect((style.layers.find((l) => l.id === 'choropleth-fill') as { paint: Record<string, unknown> }).paint['fill-color']).toBe('#123456');
    expect(Object.keys(style.sources).sort()).toEqual([...SOURCE_IDS].sort());
  });
});

describe('formatting', () => {
  it('suppressed counts read "<k", in both languages', () => {
    expect(formatCount('nl', { value: null, suppressed: true }, 10)).toBe('<10');
    // Withheld whatever its size (all categories over one week of a buurt): "x", never "<10".
    expect(formatCount('nl', { value: null, suppressed: true, withheld: true }, 10)).toBe('x');
    expect(formatCount('nl', { value: 2389, suppressed: false }, 10)).toBe('2.389');
    expect(formatCount('en', { value: 2389, suppressed: false }, 10)).toBe('2,389');
  });
  it('changes carry an arrow and a sign, not only a colour', () => {
    expect(formatChange('nl', { absolute: 193, percent: 8.79, suppressed: false })).toBe('▲ +193 (+8,8%)');
    expect(formatChange('en', { absolute: -20, percent: -7.7, suppressed: false })).toBe('▼ -20 (-7.7%)');
    expect(formatChange('nl', { absolute: null, percent: null, suppressed: true })).toBe('–');
    expect(formatChange('nl', { absolute: 5, percent: null, suppressed: false })).toBe('▲ +5');
  });
  it('rates keep one decimal below 10', () => {
    expect(formatRate('nl', 7.123)).toBe('7,1');
    expect(formatRate('nl', 70.118)).toBe('70');
    expect(formatNumber('en', null)).toBe('–');
  });
  // Dutch time whatever the browser's (CI runs in UTC): 02:10 UTC is 03:10 in winter, 22:30 UTC
  // on 1 July is 00:30 the next day in summer.
  it('moments read the same from ISO and from PostgreSQL\'s text, in Dutch time', () => {
    expect(formatMoment('nl', '2026-12-07T02:10:00Z')).toBe('7 dec 2026, 03:10');
    expect(formatMoment('nl', '2026-12-07 02:10:00+00')).toBe('7 dec 2026, 03:10');
    expect(formatMoment('en', '2026-12-07 02:10:05+00', 'seconds')).toBe('7 Dec 2026, 03:10:05');
    expect(formatMoment('nl', '2026-07-01 22:30:00+00', 'long')).toBe('2 juli 2026 om 00:30');
    expect(formatMoment('en', '2026-07-01T22:30:00Z', 'long')).toBe('2 July 2026 at 00:30');
    expect(formatMoment('nl', null)).toBe('–');
    expect(formatMoment('nl', 'gisteren')).toBe('gisteren');
  });
  it('both languages have every text, with the same placeholders', () => {
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(en[key], key).toBeTruthy();
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(en[key]), key).toEqual(holes(nl[key]));
    }
    expect(translate('nl', 'legendSuppressed', { k: 5 })).toBe('Minder dan 5 meldingen (niet getoond)');
  });
});

describe('geometry', () => {
  it('puts a label inside a concave area, where a centroid would fall outside', () => {
    // A "C": the centroid of its outline lies in the gap.
    const ring = [[0, 0], [10, 0], [10, 2], [2, 2], [2, 8], [10, 8], [10, 10], [0, 10], [0, 0]];
    const [x, y] = labelPoint({ type: 'Polygon', coordinates: [ring] });
    const inside = x >= 0 && x <= 2 ? y >= 0 && y <= 10 : (y >= 0 && y <= 2) || (y >= 8 && y <= 10);
    expect(inside).toBe(true);
  });
  it('converts metres to pixels at the map scale', () => {
    // At zoom 10 and 52.4° N one pixel is about 46.6 m.
    expect(1 / pixelsPerMetre(10, 52.4)).toBeCloseTo(46.6, 0);
    expect(pixelsPerMetre(11, 52.4) / pixelsPerMetre(10, 52.4)).toBeCloseTo(2, 6);
  });
});

describe('API module', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('builds compact query strings and leaves out empty values', () => {
    expect(queryString({ level: 'buurt', category: ['a', 'b'], source: [], gemeente: null, from: '' })).toBe('?level=buurt&category=a,b');
  });

  it('asks for the signal list with its filters, every time (the run queue changes by the second)', async () => {
    const body = {
      run: null, total: 1, view: 'published', draft: null, queue: { running: true, waiting: 1, yourDraft: null }, disclosure: { k: 5, kSensitive: 10, roundTo: null },
      signals: [{ id: 7, rank: 1, kind: 'lead', class: 'new', category: 'drugslab', highlight: { cells: [], areas: ['BU17000102'] }, explanation: { nl: 'Nieuw', en: 'New' } }],
    };
    const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const list = await fetchSignalList({ category: null, status: 'new', gemeente: 'GM1700' });
    expect(fetch).toHaveBeenCalledWith('/api/signals?status=new&gemeente=GM1700', expect.anything());
    // The answer as the contract gives it: no renamed or re-typed fields.
    expect(list).toEqual(body);
    await fetchSignalList({ category: 'all', view: 'draft' });
    expect(fetch).toHaveBeenLastCalledWith('/api/signals?category=all&view=draft', expect.anything());
    // The same query again goes to the server again: a cached answer would show an old queue.
    await fetchSignalList({ category: null, status: 'new', gemeente: 'GM1700' });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('a missing early-signal endpoint is "not available", not an error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'no such API endpoint', detail: [] }), { status: 404 })));
    await expect(fetchSignalList({ category: 'hennep' })).rejects.toBeInstanceOf(NotAvailableError);
  });
});

describe('overview headlines', () => {
  const count = (value: number | null) => (value === null ? { value: null, suppressed: true } : { value, suppressed: false });
  const fig = (a: number | null, b: number | null, verdict: string) => ({
    count: count(a), lastYear: count(b), verdict, q: null, rateRatio: null,
    change: a === null || b === null ? { absolute: null, percent: null, suppressed: true } : { absolute: a - b, percent: b ? ((a - b) / b) * 100 : null, suppressed: false },
  });
  const window = (token: string, weeks: number, total: ReturnType<typeof fig>, cats: [string, ReturnType<typeof fig>][]) => ({
    period: { token, weeks, from: '2025-11-03', to: '2026-11-01', kind: 'last' }, lastYear: { from: '2024-11-04', to: '2025-11-02', weeks }, noData: false, k: 10, total,
    categories: cats.map(([code, f]) => ({ code, labelNl: code === 'adresfraude' ? 'Adresfraude' : 'Hennepteelt', labelEn: code === 'adresfraude' ? 'Address fraud' : 'Cannabis cultivation', k: 5, series: [], ...f })),
    totalSeries: [],
    wijken: { level: 'wijk', k: 10, rises: [{ code: 'WK170004', name: 'Vroomshoop', ...fig(300, 144, 'rise') }], falls: [], areas: 6, hidden: 0 },
    buurten: { level: 'buurt', k: 10, rises: [], falls: [], areas: 27, hidden: 3 },
  });
  const overview: any = {
    gemeente: { code: 'GM1700', name: 'Twenterand' }, noData: false, windows: [
      window('last-1m', 5, fig(248, 237, 'chance'), [['hennep', fig(41, 47, 'chance')], ['adresfraude', fig(null, 31, 'hidden')]]),
      window('last-12m', 52, fig(2404, 2180, 'rise'), [['hennep', fig(456, 432, 'chance')], ['adresfraude', fig(401, 304, 'rise')]]),
    ],
    signals: { run: { finishedAt: '2026-12-06T04:18:05Z', lastDay: '2026-11-22', current: true }, total: 34, new: 3, byClass: [], byWijk: [], items: null },
  };

  it('says what changed, longest period first, verdicts in words, in both languages', () => {
    expect(headlines(overview, 'nl')).toEqual([
      'Laatste 12 maanden: 2.404 meldingen, +224 (+10,3 %) ten opzichte van dezelfde weken een jaar eerder — stijging groter dan toeval.',
      'Laatste maand: 248 meldingen, +11 (+4,6 %) ten opzichte van dezelfde weken een jaar eerder — binnen wat toeval kan verklaren.',
      'Groter dan toeval gestegen (laatste 12 maanden): adresfraude.',
      'Grootste stijging: wijk Vroomshoop, +156 (+108,3 %) (laatste 12 maanden).',
      '34 actieve signalen uit de laatste signaalanalyse, waarvan 3 nieuw op de lijst.',
    ]);
    expect(headlines(overview, 'en')[2]).toBe('Rose more than chance (last 12 months): address fraud.');
  });

  it('"new on the list" is not the class "new"; one signal is singular', () => {
    expect(signalSentence({ total: 1, new: 1 }, 'nl')).toBe('1 actief signaal uit de laatste signaalanalyse, nieuw op de lijst.');
    expect(signalSentence({ total: 1, new: 0 }, 'en')).toBe('1 active signal from the latest signal analysis, on the list before.');
    expect(signalSentence({ total: 2, new: 1 }, 'en')).toBe('2 active signals from the latest signal analysis, 1 of them new on the list.');
    expect(signalSentence({ total: 0, new: 0 }, 'nl')).toBe('Geen actieve signalen uit de laatste signaalanalyse.');
  });

  it('a municipality without data is "geen gegevens"; a hidden change is "–"', () => {
    expect(headlines({ ...overview, noData: true, windows: [], gemeente: { code: 'GM0141', name: 'Almelo' } }, 'nl'))
      .toEqual(['Geen gegevens: voor Almelo zijn geen meldingen geladen. Dat is niet hetzelfde als nul meldingen.']);
    expect(changeWords('nl', { absolute: null, percent: null, suppressed: true })).toBe('–');
    expect(changeWords('nl', { absolute: -3, percent: -6.52, suppressed: false })).toBe('−3 (−6,5 %)');
  });
});
