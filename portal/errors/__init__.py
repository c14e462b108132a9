"""Error pages for visitors and JSON errors under ``/api/``.

May import ``portal.core`` only.
"""
