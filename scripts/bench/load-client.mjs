// The load generator for `npm run bench -- load`, run as its own process.
import autocannon from 'autocannon';

const [url, cookie, requests, encoding = 'identity'] = process.argv.slice(2);
const result = await autocannon({
  url,
  connections: 50,
  duration: 20,
  // A browser asks for gzip; the cache sends its stored gzip then.
  headers: { cookie, 'accept-encoding': encoding },
  requests: JSON.parse(requests),
});
process.stdout.write(JSON.stringify({
  requestsPerSecond: Math.round(result.requests.average),
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
}));
