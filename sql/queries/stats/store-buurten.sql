-- Every buurt with its wijk and gemeente, for the in-memory rollups (services/rollup-store.ts).
SELECT code, parent_code AS wijk, gemeente_code AS gemeente FROM areas WHERE level = 'buurt' ORDER BY code
