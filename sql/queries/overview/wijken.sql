-- The wijken of municipality :gemeente, with their names (to name the wijk of a signal).
SELECT code, name FROM areas WHERE level = 'wijk' AND gemeente_code = :gemeente ORDER BY code
