"""The cities feature: a city's or district's facilities, targets, charts and map (``/cities/``).

May import ``portal.core``, ``portal.domain``, ``portal.models`` and ``portal.facilities`` (for its
map documents).
"""
