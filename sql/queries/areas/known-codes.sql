SELECT code FROM areas WHERE code = ANY(:codes::text[])
