"""Records → SQLite: the schema and its migrations, loading, derived tables and views,
versions of a document, the writer's lock."""
