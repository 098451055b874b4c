"""Pages → sections → text records: what a document is, its heading, attendance,
proxies, votes, articles and citations. Pure functions of text."""
