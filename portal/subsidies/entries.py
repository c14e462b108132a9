"""Typed reading of one YAML mapping, raising :class:`SchemaError` with the file and entry id.

Shared by the subsidy and service loaders so both name the file, the entry and the field of a
problem in the same words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class SchemaError(ValueError):
    """A subsidy or service file that does not follow the documented schema."""

    def __init__(self, file: Path | str, entry: str, message: str) -> None:
        self.file = str(file)
        self.entry = entry
        self.message = message
        super().__init__(f"{Path(self.file).name}: entry {entry}: {message}")


class Entry:
    """Typed access to one YAML mapping that raises SchemaError with file and id."""

    def __init__(self, file: Path, entry_id: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise SchemaError(file, entry_id, "must be a mapping")
        self.file, self.id, self.data = file, entry_id, data

    def fail(self, message: str) -> SchemaError:
        return SchemaError(self.file, self.id, message)

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string")
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise self.fail(f"'{key}' must be a number or null, got {value!r}")
        return value

    def year(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.fail(f"'{key}' must be a year or null, got {value!r}")
        return value

    def choice(self, key: str, allowed: frozenset[str] | set[str]) -> str:
        value = self.data.get(key)
        if value not in allowed:
            raise self.fail(f"'{key}' must be one of {sorted(allowed)}, got {value!r}")
        return value

    def sub(self, key: str, *, optional: bool = False) -> Entry | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' must be a mapping")
        return Entry(self.file, f"{self.id}.{key}", value)

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"'{key}' must be a list")
        return value
