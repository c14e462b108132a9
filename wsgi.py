"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app`` (``make run``) or waitress."""

import gc

from portal import create_app
from portal.indexing import search_index
from portal.search import SearchQuery

app = create_app()

# Under gunicorn this module runs once, in the master, before the workers are forked
# (``preload_app``): what is loaded here is shared by every worker, and their first visitors
# do not pay for it. The search columns and the segmenter load on a first search; one
# results page per language compiles the templates and the catalogues and fills the
# pickers' cache. The pages themselves are dropped: a visitor's page is rendered for them.
with app.app_context():
    try:
        search_index().search(SearchQuery(text="养老院"))
    except Exception:  # an unreadable index must not stop the server: searches rebuild it
        app.logger.exception("Search index not readable at start; searches will rebuild it")
with app.test_client() as client:
    for language in ("zh", "en"):
        client.get("/facilities/", query_string={"q": "养老院", "lang": language})
app.extensions.pop("page_cache", None)

# Move everything loaded so far out of the collector's way: the index's long-lived sets
# would otherwise be rescanned by every full collection, which shows up as pauses on big
# indexes.
gc.freeze()
