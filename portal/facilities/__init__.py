"""The facilities feature: search page, detail pages and their map documents (``/facilities/``).

May import ``portal.core``, ``portal.domain``, ``portal.models``, ``portal.places``,
``portal.indexing``, ``portal.search`` and ``portal.maps``; no other feature.
"""
