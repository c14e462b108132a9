"""The JSON API (``/api/v1/``).

May import ``portal.core``, ``portal.indexing`` and the page-assembly modules of
``portal.facilities`` and ``portal.subsidies``, whose answers it returns as JSON.
"""
