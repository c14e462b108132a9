"""The staff area (``/staff/``): logins, roles, the import tool, corrections, registers, the
worklist, the audit log and accounts.

May import ``portal.core``, ``portal.domain``, ``portal.models``, ``portal.importer``,
``portal.indexing``, ``portal.curation`` and ``portal.home`` (for safe redirects).
"""
