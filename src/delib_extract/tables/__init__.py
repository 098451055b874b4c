"""Table pages → rows: the generic reader (:mod:`.reader`) and one module per table kind."""
