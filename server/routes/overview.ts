import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { mount, shaped } from '../contract/endpoint.ts';
import { getBulletin, getOverview } from '../contract/overview.ts';
import { InputError } from '../errors.ts';
import { actorOf, parseQuery } from '../http.ts';
import { audit } from '../services/audit.ts';
import { bulletinPdf } from '../services/briefings/bulletin-pdf.ts';
import { overview } from '../services/overview.ts';
import type { SessionUser } from './access.ts';
import type { ResponseCache } from './response-cache.ts';

// The overview (Overzicht) and its one-page bulletin: validate → service → shape
// (server/services/overview.ts, docs/dashboard.md). Both count against the query budget; the
// bulletin is written to the audit log like every other file that leaves.

export function overviewRoutes(router: Router, { db, config, logger }: AppContext, cache: ResponseCache): void {
  const options = (role: string | undefined) => ({
    disclosure: config.disclosure,
    defaultGemeente: config.defaultGemeente,
    signalDetails: role === 'analyst' || role === 'admin',
    memo: cache.versions,
  });
  // The landing page's figures for the default municipality are computed now and again whenever
  // the data change, in the background, so the first user of the day does not wait for them.
  const warm = () => overview(db, {}, { ...options('viewer'), skipSignals: true }).catch((err) => {
    if (!(err instanceof InputError)) logger.warn({ err }, 'could not compute the overview ahead');
  });
  void warm();
  cache.versions.onNewVersion(() => void warm());

  mount(router, getOverview, async (req, res) => {
    const q = parseQuery(getOverview.query, req.query);
    const user = res.locals.user as SessionUser | undefined;
    const body = await overview(db, q, options(user?.role));
    res.set('Cache-Control', 'private, no-cache').json(shaped(getOverview, 200, body));
  });

  mount(router, getBulletin, async (req, res) => {
    const q = parseQuery(getBulletin.query, req.query);
    const actor = actorOf(req, res);
    const data = await overview(db, { gemeente: q.gemeente, period: q.period }, { ...options(actor.role ?? undefined), signalDetails: false });
    const at = new Date().toISOString();
    const pdf = await bulletinPdf({ overview: data, lang: q.lang, generated: { at, by: actor.username } });
    const periods = data.windows.map((w) => ({ period: w.period.token, from: w.period.from, to: w.period.to }));
    await audit(db, actor, { action: 'bulletin', target: data.gemeente.code, details: { format: 'pdf', lang: q.lang, gemeente: data.gemeente.code, periods } });
    const token = q.period ?? (data.dataEnd ? `${data.dataEnd.slice(0, 10)}` : 'geen-gegevens');
    res.set({ 'Cache-Control': 'private, no-store', 'Content-Disposition': `attachment; filename="bulletin-${data.gemeente.code}-${token}-${q.lang}.pdf"` });
    res.type('application/pdf').send(pdf);
  });
}
