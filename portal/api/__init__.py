"""The JSON API (``/api/v1/``): routes, the answers' JSON, the OpenAPI document and its page,
and HTTP caching by data version.

May import ``portal.core``, ``portal.indexing``, ``portal.models``, ``portal.domain``,
``portal.places`` and the page-assembly modules of ``portal.facilities`` and
``portal.subsidies``, whose answers it returns as JSON.
"""
