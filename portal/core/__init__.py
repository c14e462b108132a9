"""Application infrastructure: settings, database sessions, languages, security headers,
compression, first start and the command line.

May import ``portal.domain``, ``portal.models``, ``portal.places``, ``portal.indexing``,
``portal.importer`` and ``portal.subsidies``/``portal.services`` loaders (for the first start and
``load-data``), ``portal.curation`` (the staff account commands, and corrections kept by
``import``); no feature's pages.
"""
