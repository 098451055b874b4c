"""The table reader, in the order it runs: a spec (:mod:`.spec`), text lines
(:mod:`.lines`), the header (:mod:`.headers`), the columns (:mod:`.columns`), the rows
(:mod:`.rows`), and the whole read (:mod:`.read`)."""
