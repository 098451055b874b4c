"""Web → archive: listing pages, polite HTTP, downloads and the log of every URL."""
