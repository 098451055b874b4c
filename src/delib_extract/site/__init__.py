"""SQLite → Datasette: serving the database (:mod:`.serve`), the archived files it links
to (:mod:`.publicfiles`), the plugin and the French templates."""
