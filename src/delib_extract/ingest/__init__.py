"""Many documents: the archive, where extraction runs (executors, worker pool, limits),
progress, and the batch that loads them."""
