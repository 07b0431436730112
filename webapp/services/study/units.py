"""Study units: Markdown files with TOML front matter between `---` lines.

    ---
    id = "u01"
    title = "生产经营单位的安全生产职责"
    topic = "主体责任"
    laws = ["安全生产法", "浙江省安全生产条例"]
    law_topics = { "特种设备安全法" = "特种设备" }   # optional: citations of these laws belong to another topic
    ---
    # 生产经营单位的安全生产职责
    …

`load_units(dir)` reads them all (sorted by file name) and never stops on a bad file: problems are returned
as `UnitProblem`s so that `lawdesk study check` and the tests can list every one."""

from __future__ import annotations

import re
import tomllib
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

UNITS_DIR = Path("training") / "units"
MIN_CHARS, MAX_CHARS = 1500, 4000
_ID_RE = re.compile(r"^u\d{2,3}$")


@dataclass(frozen=True)
class Unit:
    id: str
    title: str
    topic: str
    laws: tuple[str, ...]
    body: str                 # Markdown without the front matter
    path: str                 # file name
    meta: dict = field(default_factory=dict, compare=False, hash=False)   # the whole front matter
    # a unit that compares two regimes (特种作业 under 安全生产法 and 特种设备作业 under 特种设备安全法) files the
    # articles of the other regime's law, and the questions on them, under that regime's own topic
    law_topics: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def topic_of(self, laws) -> str:
        """The topic of something citing `laws`: the one law topic they all share, else the unit's topic."""
        topics = {self.law_topics.get(law) for law in laws}
        return topics.pop() or self.topic if len(topics) == 1 else self.topic

    @property
    def chars(self) -> int:
        return count_chars(self.body)

    def plain_text(self) -> str:
        return plain_text(self.body)

    def headings(self) -> list[str]:
        return [m.group(2).strip() for m in re.finditer(r"^(#{2,3})\s+(.+)$", self.body, re.M)]

    def summary(self) -> dict:
        return {"id": self.id, "title": self.title, "topic": self.topic, "laws": list(self.laws),
                "chars": self.chars}


@dataclass(frozen=True)
class UnitProblem:
    path: str
    message: str           # Chinese, for people
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def plain_text(markdown_text: str) -> str:
    """The prose of a Markdown body: markup characters, link targets and list markers removed."""
    t = re.sub(r"\]\([^)]*\)", "]", markdown_text)
    t = re.sub(r"^\s*(#{1,6}|[-*+]|\d+\.)\s+", "", t, flags=re.M)
    t = t.replace("**", "").replace("__", "").replace("`", "").replace("[", "").replace("]", "")
    return t


def count_chars(markdown_text: str) -> int:
    """Characters of prose (whitespace and Markdown markup not counted): the measure of a unit's length."""
    return len(re.sub(r"\s+", "", plain_text(markdown_text)))


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter TOML or None, body)."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]).lstrip("\n")
    return None, text


def parse_unit(path: Path) -> tuple[Unit | None, list[UnitProblem]]:
    name = path.name
    problems: list[UnitProblem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [UnitProblem(name, f"无法读取：{exc}")]
    fm, body = split_front_matter(text)
    if fm is None:
        return None, [UnitProblem(name, "缺少 --- 包围的 TOML 文件头")]
    try:
        meta = tomllib.loads(fm)
    except tomllib.TOMLDecodeError as exc:
        return None, [UnitProblem(name, f"文件头不是有效的 TOML：{exc}")]
    for key in ("id", "title", "topic"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(UnitProblem(name, f"文件头缺少字符串字段 {key}"))
    laws = meta.get("laws", [])
    if not isinstance(laws, list) or not all(isinstance(x, str) for x in laws):
        problems.append(UnitProblem(name, "laws 必须是字符串列表"))
        laws = []
    law_topics = meta.get("law_topics", {})
    if not isinstance(law_topics, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                   for k, v in law_topics.items()):
        problems.append(UnitProblem(name, "law_topics 必须是 法规 = 主题 的表"))
    elif set(law_topics) - set(laws):
        problems.append(UnitProblem(name, f"law_topics 中的法规不在 laws 中：{'、'.join(sorted(set(law_topics) - set(laws)))}"))
    if problems:
        return None, problems
    uid = meta["id"].strip()
    if not _ID_RE.match(uid):
        problems.append(UnitProblem(name, f"id {uid!r} 格式应为 u01"))
    unit = Unit(id=uid, title=meta["title"].strip(), topic=meta["topic"].strip(), laws=tuple(laws), body=body,
                path=name, meta=meta, law_topics={k: v.strip() for k, v in law_topics.items()})
    if not body.strip():
        problems.append(UnitProblem(name, "正文为空"))
    n = unit.chars
    if not (MIN_CHARS <= n <= MAX_CHARS):
        problems.append(UnitProblem(name, f"正文 {n} 字，应在 {MIN_CHARS}–{MAX_CHARS} 字之间", "warning"))
    for lineno, line in enumerate(body.split("\n"), 1):
        if re.match(r"^第[零〇一二两三四五六七八九十百千0-9]+条(之[一二三四五六七八九十]+)?\s", line):
            problems.append(UnitProblem(name, f"正文第 {lineno} 行以“第X条 ”开头（看起来像照抄的法条）"))
    return unit, problems


def load_units(directory: Path) -> tuple[list[Unit], list[UnitProblem]]:
    """All units in `directory` (sorted by file name) and every problem found."""
    units: list[Unit] = []
    problems: list[UnitProblem] = []
    if not directory.is_dir():
        return [], [UnitProblem(str(directory), "学习单元目录不存在")]
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.md")):
        unit, probs = parse_unit(path)
        problems.extend(probs)
        if unit is None:
            continue
        if unit.id in seen:
            problems.append(UnitProblem(path.name, f"id {unit.id} 与 {seen[unit.id]} 重复"))
            continue
        seen[unit.id] = path.name
        units.append(unit)
    return units, problems


def check_laws(units: list[Unit], find_law) -> list[UnitProblem]:
    """Every name in a unit's `laws` must name a law of the library (`find_law` raises LookupError)."""
    problems = []
    for u in units:
        for name in u.laws:
            try:
                find_law(name)
            except LookupError:
                problems.append(UnitProblem(u.path, f"laws 中的“{name}”不在法规库中"))
    return problems


# ------------------------------------------------------------------------------------------------- search
def search_units(units: list[Unit], query: str, limit: int = 20) -> list[dict]:
    """Plain full-text search over the units: every whitespace-separated term must occur (title, headings or
    body); ranked by weighted occurrences. Returns [{"unit", "score", "snippet", "heading"}]."""
    terms = [t for t in re.split(r"\s+", query.strip()) if t][:10]
    if not terms:
        return []
    results: list[dict[str, Any]] = []
    for u in units:
        text = u.plain_text()
        score = 0.0
        for t in terms:
            n_body = text.count(t)
            n_title = u.title.count(t) + u.topic.count(t)
            if n_body + n_title == 0:
                score = 0
                break
            score += n_body + 5 * n_title
        if score <= 0:
            continue
        pos = text.find(terms[0])
        start = max(0, pos - 40)
        snippet = text[start:pos + 80].replace("\n", " ").strip()
        heading = None
        body_pos = u.body.find(terms[0])
        if body_pos >= 0:
            for m in re.finditer(r"^#{2,3}\s+(.+)$", u.body[:body_pos], re.M):
                heading = m.group(1).strip()
        results.append({"unit": u.summary(), "score": score, "snippet": ("…" if start else "") + snippet + "…",
                        "heading": heading, "terms": terms})
    results.sort(key=lambda r: (-r["score"], r["unit"]["id"]))
    return results[:limit]
