import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Config } from './config.ts';

/**
 * Whether a request reached us over https: directly over TLS, through a trusted proxy that says
 * so (TRUST_PROXY, X-Forwarded-Proto), or addressed to the host of an https PUBLIC_URL (a proxy
 * that is not trusted but passes the Host on). Only then do HSTS, upgrade-insecure-requests and
 * Secure cookies apply: on a plain-http intranet install they would send the browser to an https
 * port that does not exist (a blank page).
 */
export function reachedOverHttps(req: Request, config: Pick<Config, 'publicUrl'>): boolean {
  if (req.secure) return true;
  const pub = config.publicUrl;
  // Host names, not ports: a proxy passes `$host` (nginx) without the port users typed.
  return !!pub && pub.protocol === 'https:' && req.hostname?.toLowerCase() === pub.hostname.toLowerCase();
}

/** helmet's headers, in two variants chosen per request by how it arrived. */
export function securityHeaders(config: Config) {
  const basemap = config.basemapStyleUrl ? [new URL(config.basemapStyleUrl).origin] : [];
  const directives = {
    // MapLibre runs its workers from blob: URLs; styles and tiles are our own unless an
    // external basemap style is configured.
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'", 'blob:'],
    'img-src': ["'self'", 'data:', 'blob:', ...basemap],
    'connect-src': ["'self'", ...basemap],
    'style-src': ["'self'", "'unsafe-inline'"],
  };
  const overHttps = helmet({
    contentSecurityPolicy: { directives: { ...directives, 'upgrade-insecure-requests': [] } },
    strictTransportSecurity: { maxAge: 365 * 24 * 3600, includeSubDomains: false },
  });
  const overHttp = helmet({
    contentSecurityPolicy: { directives: { ...directives, 'upgrade-insecure-requests': null } },
    strictTransportSecurity: false,
    // Browsers ignore COOP on an http origin other than localhost, and say so in the console.
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
  });
  return (req: Request, res: Response, next: NextFunction) => (reachedOverHttps(req, config) ? overHttps : overHttp)(req, res, next);
}
