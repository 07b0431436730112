"""Chinese labels of the {placeholders} in the catalogue's fact templates (corpus/handbook/placeholders.toml).

The template keys are English identifiers so that authors can write them in TOML; an officer must never see
them. `display` shows a template with its labels ({设备设施名称}); `fill` writes known values and leaves the
rest as 〔待填：label〕, the mark drafting validation refuses in a decision."""

from __future__ import annotations

import re
import threading
import tomllib
from pathlib import Path

from indexer.config import CORPUS_DIR

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_lock = threading.Lock()
_cache: dict[Path, dict[str, str]] = {}


def labels(corpus: Path | None = None) -> dict[str, str]:
    folder = Path(corpus or CORPUS_DIR)
    got = _cache.get(folder)
    if got is None:
        path = folder / "handbook" / "placeholders.toml"
        with _lock:
            data = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
            got = _cache[folder] = dict(data.get("labels", {}))
    return got


def label(name: str, corpus: Path | None = None) -> str:
    """The Chinese label; an unlabelled key (a new entry not yet labelled) reads as 相关内容, never as English."""
    return labels(corpus).get(name, "相关内容")


def names(template: str) -> list[str]:
    return list(dict.fromkeys(_PLACEHOLDER.findall(template)))


def display(template: str, corpus: Path | None = None) -> str:
    return _PLACEHOLDER.sub(lambda m: "{" + label(m.group(1), corpus) + "}", template)


def fill(template: str, values: dict[str, str], corpus: Path | None = None) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or f"〔待填：{label(m.group(1), corpus)}〕", template)
