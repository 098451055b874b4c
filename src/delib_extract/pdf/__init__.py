"""PDF → pages: the one place that opens PDFs (:mod:`.source`), the page geometry handed
to the table readers (:mod:`.layout`) and the PDFium reader of glyphs and paths."""
