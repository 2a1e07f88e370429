-- Stores the per-location emerging hot spot results of run $1 from a JSON array.
INSERT INTO emerging_results (run_id, gemeente_code, category, location, cell_i, cell_j, class_code, no_pattern_reason,
                              hot_steps, cold_steps, first_hot, last_hot, first_cold, last_cold, final_run,
                              trend_direction, trend_tau, trend_z, trend_p, last_z, last_p, total_count)
SELECT $1, e.gemeente, e.category, e.location, e.i, e.j, e.class_code, e.reason,
       e.hot_steps, e.cold_steps, e.first_hot, e.last_hot, e.first_cold, e.last_cold, e.final_run,
       e.trend_direction, e.trend_tau, e.trend_z, e.trend_p, e.last_z, e.last_p, e.total
FROM jsonb_to_recordset($2::jsonb) AS e (
  gemeente text, category text, location text, i integer, j integer, class_code text, reason text,
  hot_steps integer, cold_steps integer, first_hot date, last_hot date, first_cold date, last_cold date,
  final_run integer, trend_direction text, trend_tau double precision, trend_z double precision,
  trend_p double precision, last_z double precision, last_p double precision, total integer)
