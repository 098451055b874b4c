"""French text as printed: normalisation, amounts, dates, people's names, and a run of
pages read as one text."""
