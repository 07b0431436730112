"""Names officers use for laws: authored abbreviations plus short titles derived from the library."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .refs import law_key

ABBREVIATIONS = Path("search") / "abbreviations.toml"


def load_abbreviations(corpus: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    path = corpus / ABBREVIATIONS
    if not path.exists():
        return {}, {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return dict(data.get("abbreviations", {})), {k: list(v) for k, v in data.get("ambiguous", {}).items()}


def derived_short_titles(key: str) -> set[str]:
    """Short forms that name one law unambiguously: 安全生产法 <- 中华人民共和国安全生产法 (the key itself),
    and 两高 interpretations without the issuing courts' names."""
    out = {key}
    m = re.match(r"^最高人民法院、最高人民检察院(关于.+)$", key)
    if m:
        out.add(m.group(1))
    return out


def build_aliases(laws: dict, corpus: Path) -> dict[str, str]:
    """alias -> law key. Derived short titles first, authored abbreviations override them; an alias that
    would name two laws is dropped."""
    aliases: dict[str, str] = {}
    clashes: set[str] = set()
    for key, law in laws.items():
        for alias in derived_short_titles(key) | {law.title}:
            if alias in aliases and aliases[alias] != key:
                clashes.add(alias)
            aliases[alias] = key
    for alias in clashes:
        aliases.pop(alias, None)
    authored, _ambiguous = load_abbreviations(corpus)
    for alias, target in authored.items():
        if law_key(target) in laws:
            aliases[alias] = law_key(target)
    return aliases
