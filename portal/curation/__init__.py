"""What staff make true: corrections of facilities, registers of operating facilities matched
to the plans' projects, the worklist, the append-only audit log.

No routes here (the pages are in ``portal.staff``). May import ``portal.core``,
``portal.domain``, ``portal.models``, ``portal.geo``, ``portal.importer``, ``portal.indexing``,
``portal.places`` and ``portal.subsidies`` (to link new facilities as an import does).
"""
