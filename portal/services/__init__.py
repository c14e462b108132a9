"""The service-packages feature: the packages the plans describe and their pages (``/services/``).

May import ``portal.core``, ``portal.domain``, ``portal.models``, ``portal.places`` and
``portal.subsidies.schema`` (shared source and schema types).
"""
