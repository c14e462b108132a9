"""The facilities feature: search page, detail pages and their map documents (``/facilities/``).

May import ``portal.core``, ``portal.domain``, ``portal.models``, ``portal.places``,
``portal.indexing``, ``portal.search``, ``portal.maps`` and ``portal.curation`` (staff
corrections and registers shown on the facility page); no other feature.
"""
