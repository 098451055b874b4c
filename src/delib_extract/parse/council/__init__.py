"""Pure parsers of the general reader for French councils' deliberations and minutes
(:mod:`delib_extract.templates.council`), generic over a
:class:`~delib_extract.templates.vocabulary.Vocabulary`: lines, sitting, attendance and
proxies, votes, decisions."""
