-- Marks a just-started run as published or draft, with why it was made.
UPDATE signal_runs SET visibility = :visibility, trigger = :trigger WHERE id = :id
