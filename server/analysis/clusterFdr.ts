/**
 * Benjamini–Hochberg step-up that counts discoveries by region, not by test (methods.md §9.1).
 *
 * The early-signal family holds many tests of one place: overlapping zones, nested windows, two
 * trend spans. One real cluster makes 100–150 of them significant, and plain BH's threshold
 * α · k / m grows with every one of them, so a single outbreak lets chance results with p ≈ 0.01
 * elsewhere onto the list (the worked example below; docs/evaluation.md measures it on the
 * harness: false lead signals a week two to three times the null rate in data sets with plants).
 * Siegmund, Zhang & Yakir (2011, "False discovery rate for scanning statistics", Biometrika 98)
 * and Benjamini & Heller (2007, "False discovery rates for spatial signals", JASA 102) define the
 * error rate over *signal regions*: what a user sees and checks is a region, not a test.
 *
 * The procedure: sort the tests by p (weighted: p / w); D(j) is the number of distinct regions
 * among the first j tests, where two tests are in one region when they share a group (municipality
 * and category) and their places overlap, transitively (union–find). Step-up on D:
 *
 *     j* = max { j : p_(j) ≤ α · D(j) / m },   q_(j) = min_{i ≥ j} p_(i) · m / D(i)  (≤ 1)
 *
 * and q ≤ α exactly for the first j* tests. D(j) ≤ j, so this rejects a subset of what BH rejects:
 * with every test in its own region it is BH. It is not a theorem-backed FDR guarantee for these
 * dependent discrete tests; as for BH before, the false-alarm rate is measured on null data
 * (scripts/evaluate.ts), and α is calibrated there.
 *
 * Worked example: p = (1e-6, 2e-6, 3e-6, 0.004), places ({1}, {1, 2}, {2}, {7}), one group,
 * m = 100, α = 0.2: the first three are one region (D = 1, 1, 1, 2); BH would give the fourth
 * q = 0.004 · 100 / 4 = 0.1 (listed), by region q = 0.004 · 100 / 2 = 0.2 (listed only at α ≥ 0.2);
 * the first three get q = min(1e-6·100/1, …) ≈ 1e-4, 2e-4, 3e-4.
 */

export interface RegionTest {
  /** Tests compare only within a group (e.g. `${municipality}|${category}`). */
  group: string;
  /** Places of the test's zone. */
  places: readonly number[];
}

/** q-values of a step-up over `p` (already restricted to the family) counting distinct regions. */
export function regionStepUp(p: ArrayLike<number>, tests: readonly RegionTest[], weights?: ArrayLike<number>): Float64Array {
  const m = p.length;
  if (tests.length !== m) throw new RangeError(`p has ${m} values, tests ${tests.length}`);
  const q = new Float64Array(m).fill(1);
  if (m === 0) return q;
  const score = Float64Array.from({ length: m }, (_, i) => {
    const v = Number(p[i]) / (weights ? weights[i]! : 1);
    return Number.isNaN(v) ? Infinity : v;
  });
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => score[a]! - score[b]! || a - b);

  // Union–find over tests; a (group, place) remembers one test holding it.
  const parent = new Int32Array(m).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const holder = new Map<string, number>();
  let regions = 0;
  const bound = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = order[j]!;
    regions++;
    const t = tests[i]!;
    for (const place of t.places) {
      const key = `${t.group}|${place}`;
      const other = holder.get(key);
      if (other === undefined) {
        holder.set(key, i);
        continue;
      }
      const a = find(i);
      const b = find(other);
      if (a !== b) {
        parent[a] = b;
        regions--;
      }
    }
    bound[j] = Math.min(1, (score[i]! * m) / regions);
  }
  // q_(j) = min over i ≥ j of the bound (non-decreasing in j). Tied scores share their tie's
  // first (smallest) q: a step-up rejects every test at or under its threshold score.
  let running = 1;
  for (let j = m - 1; j >= 0; j--) {
    running = Math.min(running, bound[j]!);
    q[order[j]!] = running;
  }
  for (let j = 1; j < m; j++) {
    if (score[order[j]!] === score[order[j - 1]!]) q[order[j]!] = q[order[j - 1]!]!;
  }
  return q;
}
