"""The staff area (``/staff/``): logins, roles, the import tool, corrections, registers, the
worklist, the audit log and accounts.

``auth`` (logins, session version, timeouts) with ``throttle`` (back-off), ``routes`` (import
pages), ``jobs`` (preview tokens, the apply worker) with ``uploads`` (stored files); corrections,
registers, worklist, audit and accounts in their own modules.

May import ``portal.core``, ``portal.domain``, ``portal.models``, ``portal.importer``,
``portal.indexing``, ``portal.curation`` and ``portal.home`` (for safe redirects).
"""
