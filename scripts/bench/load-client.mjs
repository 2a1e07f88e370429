// The load generator for `npm run bench -- load`, run as its own process.
import autocannon from 'autocannon';

const [url, cookie, requests] = process.argv.slice(2);
const result = await autocannon({
  url,
  connections: 50,
  duration: 20,
  headers: { cookie },
  requests: JSON.parse(requests),
});
process.stdout.write(JSON.stringify({
  requestsPerSecond: Math.round(result.requests.average),
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
}));
