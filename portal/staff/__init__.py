"""The staff area: logins and the import tool (``/staff/``).

May import ``portal.core``, ``portal.domain``, ``portal.models``, ``portal.importer`` and
``portal.home`` (for safe redirects).
"""
