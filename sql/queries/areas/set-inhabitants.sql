UPDATE areas SET inhabitants = :inhabitants, inhabitants_estimated = :estimated, inhabitants_source = :source WHERE code = :code
