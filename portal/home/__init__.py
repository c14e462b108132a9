"""The home page, the list of sources and the visitor's preferences (language, 长辈模式).

May import ``portal.core``, ``portal.domain`` and ``portal.models``.
"""
