"""Pages without text → text and words: Tesseract (:mod:`.tesseract`), scan images
(:mod:`.scanrules`), which pages and how (:mod:`.pages`), repair of OCR'd values
(:mod:`.repair`)."""
