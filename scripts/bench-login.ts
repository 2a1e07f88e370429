/**
 * Login and hardening benchmarks (docs/benchmarks.md, "Accounts and hostile input"):
 *  - login answer times over HTTP for an unknown name, a wrong password, a disabled account, a
 *    name waiting after failures from this address and a correct password, interleaved, on the
 *    embedded database; the baseline is one argon2id verification on its own, measured in the
 *    same run;
 *  - the password-strength estimator per password (first call loads the dictionaries);
 *  - the JSON nesting pre-scan of a GeoJSON import against JSON.parse of the same text.
 *
 *   npx tsx scripts/bench-login.ts [--rounds 40]
 */
import type { Server } from 'node:http';
import { loadavg } from 'node:os';
import { pino } from 'pino';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { migrate, openDatabase } from '../server/db/index.ts';
import { checkJsonNesting } from '../server/services/imports/limits.ts';
import { passwordStrength } from '../server/services/password-strength.ts';
import { createUser, passwordHasher, setDisabled } from '../server/services/users.ts';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] || 40) || 40;
const PASSWORD = 'bench quiet harbour lantern';
const stats = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p10: q(0.1), p90: q(0.9) };
};
const ms = (n: number) => n.toFixed(1);

console.log(`# bench-login ${new Date().toISOString()} load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${rounds} rounds`);
const db = await openDatabase({});
await migrate(db);
const system = { username: 'bench' };
await createUser(db, { username: 'bench-user', role: 'viewer', password: PASSWORD }, system, { mustChangePassword: false });
await createUser(db, { username: 'bench-off', role: 'viewer', password: PASSWORD }, system, { mustChangePassword: false });
await setDisabled(db, 'bench-off', true, system);
await createUser(db, { username: 'bench-waiting', role: 'viewer', password: PASSWORD }, system, { mustChangePassword: false });
const app = createApp({ db, config: loadConfig({ LOG_LEVEL: 'silent', TRUST_PROXY: '1', LOGIN_RATE_PER_IP: '10000', LOGIN_MAX_FAILURES: '3' }), logger: pino({ level: 'silent' }) });
const server = await new Promise<Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const attempt = async (username: string, password: string, from: string) => {
  const t = performance.now();
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify({ username, password }) });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t };
};
for (let i = 0; i < 4; i++) await attempt('bench-waiting', 'wrong wrong wrong', '192.0.2.1');
const cases: [string, string, string, () => string][] = [
  ['unknown name', 'nobody-at-all', PASSWORD, () => '192.0.2.2'],
  ['wrong password', 'bench-user', 'not the password', () => `192.0.2.${10 + Math.floor(Math.random() * 200)}`],
  ['disabled account', 'bench-off', PASSWORD, () => '192.0.2.3'],
  ['waiting (throttled) pair, right password', 'bench-waiting', PASSWORD, () => '192.0.2.1'],
  ['correct password (success)', 'bench-user', PASSWORD, () => '192.0.2.4'],
];
const times: Record<string, number[]> = Object.fromEntries(cases.map(([name]) => [name, []]));
const verifyTimes: number[] = [];
const hash = await passwordHasher.hash(PASSWORD);
for (let r = 0; r < 3; r++) for (const [, u, p, from] of cases) await attempt(u, p, from()); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const [name, u, p, from] of cases) {
    const a = await attempt(u, p, from());
    if ((a.status === 200) !== (name === 'correct password (success)')) throw new Error(`${name}: status ${a.status}`);
    times[name]!.push(a.ms);
  }
  const t = performance.now();
  await passwordHasher.verify(hash, PASSWORD);
  verifyTimes.push(performance.now() - t);
}
const base = stats(times['unknown name']!).median;
console.log('\n| login attempt | median | p10–p90 | median / unknown |\n|---|---|---|---|');
for (const [name] of cases) {
  const s = stats(times[name]!);
  console.log(`| ${name} | ${ms(s.median)} ms | ${ms(s.p10)}–${ms(s.p90)} ms | ${(s.median / base).toFixed(2)} |`);
}
const v = stats(verifyTimes);
console.log(`| baseline: one argon2id verify, no HTTP | ${ms(v.median)} ms | ${ms(v.p10)}–${ms(v.p90)} ms | ${(v.median / base).toFixed(2)} |`);
await new Promise((resolve) => server.close(resolve));
await db.close();

console.log('\n| password | score | check time |\n|---|---|---|');
for (const pw of ['aaaaaaaaaaaa', 'password1234', '111111111111', 'wachtwoord123', 'Welkom2026!!', 'zomerse fietstocht langs de vecht', 'kH7#pq2LmZ9w', 'x'.repeat(256)]) {
  const t = performance.now();
  const s = await passwordStrength(pw, ['bench-user'], 'nl');
  console.log(`| \`${pw.length > 40 ? `${pw.slice(0, 10)}… (${pw.length} chars)` : pw}\` | ${s.score} | ${ms(performance.now() - t)} ms |`);
}

const feature = JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [6.6294, 52.4085] }, properties: { external_id: 'B-000000', received_on: '2025-03-04', category: 'hennep', source: 'mma', note: 'x "quoted" y' } });
const text = `{"type":"FeatureCollection","features":[${Array.from({ length: 100_000 }, () => feature).join(',\n')}]}`;
const scan: number[] = [];
const parse: number[] = [];
for (let r = 0; r < 7; r++) {
  let t = performance.now();
  checkJsonNesting(text);
  scan.push(performance.now() - t);
  t = performance.now();
  JSON.parse(text);
  parse.push(performance.now() - t);
}
console.log(`\n| ${(text.length / 1e6).toFixed(1)} MB GeoJSON, 100,000 features | median of 7 |\n|---|---|\n| nesting pre-scan (checkJsonNesting) | ${ms(stats(scan).median)} ms |\n| baseline: JSON.parse | ${ms(stats(parse).median)} ms |`);
