-- Orientation on the map and in briefings (issue #15): a label point for every area and a small
-- table of place names (kernen: towns, villages, hamlets), both derived from the polygons when
-- areas or places are imported, on both engines.
--
-- The label point is the centre of the largest circle inside the area (pole of inaccessibility,
-- ST_MaximumInscribedCircle; for a multipolygon it lies in the part with the widest interior):
-- unlike a centroid it is always inside, also for crescent-shaped buurten, and a label there has
-- the most room. ST_PointOnSurface is the fallback should GEOS ever return a point outside.

CREATE FUNCTION area_label_point(g geometry) RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN g IS NULL OR ST_IsEmpty(g) THEN NULL
              ELSE (SELECT CASE WHEN ST_Intersects(c, g) THEN c ELSE ST_PointOnSurface(g) END
                    FROM (SELECT (ST_MaximumInscribedCircle(g)).center AS c) m) END
$$;

ALTER TABLE areas ADD COLUMN label_point geometry(Point, 4326);
UPDATE areas SET label_point = ST_Transform(area_label_point(geom_rd), 4326) WHERE geom_rd IS NOT NULL;

-- Place names: a kern is named after the CBS areas (buurten or wijken) that make it up, listed in
-- a shipped file (data/places/); its point is the label point of their union, so it moves with
-- the boundaries when areas are imported again.
CREATE TABLE places (
  name          text NOT NULL,
  -- 'stad' (town), 'dorp' (village), 'buurtschap' (hamlet): decides the label size and the zoom
  -- from which it is shown.
  kind          text NOT NULL CHECK (kind IN ('stad', 'dorp', 'buurtschap')),
  gemeente_code text NOT NULL,
  area_codes    text[] NOT NULL CHECK (cardinality(area_codes) > 0),
  point         geometry(Point, 4326),
  PRIMARY KEY (gemeente_code, name)
);
CREATE TRIGGER places_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON places
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
