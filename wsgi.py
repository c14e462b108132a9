"""WSGI entry point: ``waitress-serve wsgi:app`` or ``gunicorn wsgi:app``."""

import gc

from portal import create_app
from portal.indexing import search_index
from portal.search import SearchQuery

app = create_app()

# Load the search columns now rather than on a visitor's first search, then move everything
# loaded so far out of the collector's way: the index's long-lived sets would otherwise be
# rescanned by every full collection, which shows up as pauses on big indexes.
with app.app_context():
    try:
        search_index().search(SearchQuery(text="养老院"))  # loads the segmenter too
    except Exception:  # an unreadable index must not stop the server: searches rebuild it
        app.logger.exception("Search index not readable at start; searches will rebuild it")
gc.freeze()
