-- Stores the inhabitants of one area from a population file, with whether the figure is an estimate
-- and where it came from.
UPDATE areas SET inhabitants = :inhabitants, inhabitants_estimated = :estimated, inhabitants_source = :source WHERE code = :code
