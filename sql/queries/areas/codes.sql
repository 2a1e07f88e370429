SELECT code FROM areas
