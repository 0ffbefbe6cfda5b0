"""searchsvc: full-text search for news articles.

The package is laid out in wings that follow a story's way from file to response (ARCHITECTURE.md):
ingest -> store -> query -> search -> web -> serve, with articles.py, config.py and cli.py on top.
"""
