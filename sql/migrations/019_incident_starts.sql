-- The early-signal tests count incidents, not reports (server/analysis/incidents.ts states the
-- rule and why): the reports of one category at one snapped square form episodes of 4 weeks from
-- the episode's first report; each episode is one incident, counted in its first week. Given the
-- ascending distinct weeks of one square and category, this returns the first week of every
-- episode. A loop, because an episode's end depends on where the previous one began (a square
-- reported every week counts once every 4 weeks), which no window function expresses.
CREATE OR REPLACE FUNCTION incident_starts(weeks integer[], span integer) RETURNS SETOF integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  w integer;
  episode integer := NULL;
BEGIN
  FOREACH w IN ARRAY weeks LOOP
    IF episode IS NULL OR w >= episode + span THEN
      episode := w;
      RETURN NEXT w;
    END IF;
  END LOOP;
END
$$;
