/**
 * `npx tsx scripts/pg-log-stats.ts LOGFILE [LINES]`: sums a PostgreSQL server log written with
 * `log_min_duration_statement = 0` and `log_statement_stats = on` (the bench's BENCH_PG_TIMES=1
 * and BENCH_PG_STATS=1) per statement: count, CPU seconds (user + system) and wall seconds, the
 * largest CPU first. Statements are told apart by their first 70 characters (the SQL files start
 * with a comment saying what they are). Give the log's tail, e.g. `tail -n +N` from before a run.
 */
import { existsSync, readFileSync } from 'node:fs';

const [file, lines = '20'] = process.argv.slice(2);
if (!file || !existsSync(file) || !/^\d+$/.test(lines)) {
  console.error(file && !existsSync(file) ? `no such log file: ${file}` : 'usage: tsx scripts/pg-log-stats.ts LOGFILE [LINES]');
  process.exit(2);
}
const totals = new Map<string, { n: number; cpu: number; wall: number }>();
let current: string | null = null;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const statement = /duration: ([0-9.]+) ms\s+(?:statement|execute [^:]*|parse [^:]*|bind [^:]*):\s*(.*)/.exec(line);
  if (statement) {
    current = statement[2]!.slice(0, 70);
    const t = totals.get(current) ?? { n: 0, cpu: 0, wall: 0 };
    t.n++;
    t.wall += Number(statement[1]) / 1000;
    totals.set(current, t);
    continue;
  }
  // The usage statistics follow the statement's duration line.
  const usage = /([0-9.]+) s user, ([0-9.]+) s system/.exec(line);
  if (usage && current) {
    totals.get(current)!.cpu += Number(usage[1]) + Number(usage[2]);
    current = null;
  }
}
const rows = [...totals.entries()].sort((a, b) => b[1].cpu - a[1].cpu || b[1].wall - a[1].wall);
for (const [text, t] of rows.slice(0, Number(lines))) {
  console.log(`cpu ${t.cpu.toFixed(2).padStart(6)} s  wall ${t.wall.toFixed(2).padStart(6)} s  ${String(t.n).padStart(4)}×  ${text}`);
}
const sum = rows.reduce((s, [, t]) => ({ cpu: s.cpu + t.cpu, wall: s.wall + t.wall }), { cpu: 0, wall: 0 });
console.log(`total: cpu ${sum.cpu.toFixed(2)} s, wall ${sum.wall.toFixed(2)} s`);
