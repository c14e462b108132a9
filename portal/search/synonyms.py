"""Query-time synonym groups (``data/search/synonyms.txt``): a word widens to its whole group."""

from collections.abc import Mapping
from pathlib import Path

from portal.search.analysis import DATA_DIR, normalize

SYNONYMS_PATH = DATA_DIR / "synonyms.txt"


def load_synonyms(path: Path = SYNONYMS_PATH) -> dict[str, tuple[str, ...]]:
    """Read one group per line (words separated by ``/``; ``#`` starts a comment).

    Returns word → its group (the word first, then the others in file order). A word in
    two groups gets the union of both.

    :raise ValueError: if a line holds a single word (a group needs two), naming the line.
    """
    groups: dict[str, list[str]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = [normalize(w).strip() for w in line.split("/") if w.strip()]
        if len(words) < 2:
            raise ValueError(f"{path.name}:{number}: a synonym group needs at least two words")
        for word in words:
            group = groups.setdefault(word, [word])
            group.extend(w for w in words if w not in group)
    return {word: tuple(group) for word, group in groups.items()}


def expand(word: str, synonyms: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The word and its synonyms, the word itself first; just the word if it has none."""
    return synonyms.get(word, (word,))
