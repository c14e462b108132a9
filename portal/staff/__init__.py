"""The staff area: logins and the import tool (``/staff/``).

``auth`` (logins, session version, timeouts) with ``throttle`` (back-off), ``routes`` (pages),
``jobs`` (preview tokens, the apply worker) with ``uploads`` (stored files).

May import ``portal.core``, ``portal.domain``, ``portal.models``, ``portal.importer`` and
``portal.home`` (for safe redirects).
"""
