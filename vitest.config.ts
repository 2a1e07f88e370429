import { defineConfig } from 'vitest/config';

// Three projects: `unit` (pure functions, no database), `db` (API and SQL against a real
// database: embedded PGlite by default, PostgreSQL + PostGIS when TEST_DATABASE_URL is set) and
// `e2e` (Chromium against a running server). `npm test` runs unit + db.
export default defineConfig({
  test: {
    projects: [
      // Pure functions, but CI shares two cores with a database and a browser: no 5 s default.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      {
        test: {
          name: 'db',
          include: ['tests/db/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/db/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file opens its own database (PGlite instance or fresh PostgreSQL database);
          // two cores, so two at a time.
          maxWorkers: 2,
          fileParallelism: true,
          // Projects with different worker settings must run in separate groups (vitest 4).
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Stops and starts a private PostgreSQL cluster: run on its own (npm run test:fault).
        test: { name: 'fault', include: ['tests/fault/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000, sequence: { groupOrder: 2 } },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
