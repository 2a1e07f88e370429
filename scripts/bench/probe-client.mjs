// The prober of `npm run bench -- health-during-run`, run as its own process so it does not share
// the server's event loop. Open loop: every `intervalMs` it sends the next URL of the list (not
// waiting for the previous answer), and times each request from when it was due, so a server
// that stalls for 2 s shows 2 s of late answers, not one slow sample. Runs until stdin closes,
// then prints per-URL p50 / p99 / max and the number of requests as JSON.
import http from 'node:http';

const [base, cookie, pathsJson, intervalArg = '20'] = process.argv.slice(2);
const paths = JSON.parse(pathsJson);
const intervalMs = Number(intervalArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const times = new Map(paths.map((p) => [p, []]));
let errors = 0;
let inFlight = 0;
let k = 0;
let stopping = false;

function send(path) {
  const due = performance.now();
  inFlight++;
  const req = http.get(`${base}${path}`, { agent, headers: { cookie, 'accept-encoding': 'gzip' } }, (res) => {
    res.resume();
    res.on('end', () => {
      inFlight--;
      if (res.statusCode !== 200) errors++;
      else times.get(path).push(performance.now() - due);
    });
  });
  req.on('error', () => {
    inFlight--;
    errors++;
  });
}

const timer = setInterval(() => {
  if (!stopping) send(paths[k++ % paths.length]);
}, intervalMs);
process.stdin.resume();
process.stdin.on('end', async () => {
  stopping = true;
  clearInterval(timer);
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
  const out = {};
  for (const [path, list] of times) {
    list.sort((a, b) => a - b);
    const r = (v) => (v === null ? null : Math.round(v * 10) / 10);
    out[path] = { n: list.length, p50: r(q(list, 0.5)), p99: r(q(list, 0.99)), max: r(list.at(-1) ?? null) };
  }
  process.stdout.write(JSON.stringify({ errors, byPath: out }));
  agent.destroy();
});
