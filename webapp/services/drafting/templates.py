"""Form templates: one TOML text spec per form in doc_templates/forms/, plus doc_templates/settings.toml
(header line, copies note, page layout). Offices edit these files without code; doc_templates/README.md is the
manual. This module loads them, checks them (`check_templates`, used by `lawdesk template check`) and fills them
from a case context into a `RenderedDoc` (the neutral form every output — .docx, HTML, Markdown — is written
from, so the preview and the file always say the same thing).

Placeholders are `{name}`; `{{` and `}}` are literal braces. Names are those of webapp.services.drafting.context."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import context as ctxmod
from .formfields import resolve

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "doc_templates"
BLOCK_TYPES = {"text", "fields", "each", "table", "sign", "note"}
KINDS = {"served": "送达当事人", "internal": "内部审批", "record": "笔录"}
STAGES = {"inspection", "order", "recheck", "filing", "interview", "notice", "hearing_notice", "statement",
          "approval", "legal_review", "decision", "onsite", "transfer", "closing", "service", "credit",
          # issue 15: compulsory measures, evidence, hearings, carrying out the decision, 撤销立案, 行刑衔接
          "seizure", "seizure_extension", "seizure_outcome", "preservation", "preservation_outcome",
          "hearing_meeting", "hearing_record", "hearing_report", "deferral", "surcharge", "reminder", "enforcement",
          "revocation", "criminal_transfer", "lenient", "education"}
ALIGNS = {"left", "center", "right", "justify"}
TOP_KEYS = {"id", "title", "subtitle", "code", "kind", "stage", "party", "procedure", "date", "order", "per",
            "cites", "copies", "blocks", "description", "fields"}
BLOCK_KEYS = {
    "text": {"type", "when", "text", "indent", "align"},
    "note": {"type", "when", "text", "align"},
    "fields": {"type", "when", "rows", "style", "widths"},
    "each": {"type", "when", "over", "filter", "text", "indent", "align", "empty"},
    "table": {"type", "when", "columns", "rows", "over", "filter", "cells", "widths"},
    "sign": {"type", "when", "lines"},
}
DATE_FIELDS = {"inspection", "order", "recheck", "filing", "notice", "statement", "hearing", "review", "decision",
               "service", "transfer", "closing", "seizure", "seizure_extension", "seizure_outcome", "preservation",
               "preservation_outcome", "hearing_notice", "hearing_report", "deferral", "surcharge", "reminder",
               "enforcement", "revocation", "education"}
SETTINGS_KEYS = {"header", "copies", "layout"}
LAYOUT_DEFAULTS = {
    "page_width_mm": 210.0, "page_height_mm": 297.0,
    "margin_top_mm": 37.0, "margin_bottom_mm": 35.0, "margin_left_mm": 28.0, "margin_right_mm": 26.0,
    "title_font": "方正小标宋简体", "title_size_pt": 22.0,
    "body_font": "仿宋_GB2312", "body_size_pt": 16.0, "line_spacing_pt": 28.95,
    "table_size_pt": 14.0, "table_line_spacing_pt": 22.0,
    "latin_font": "Times New Roman", "page_number_font": "宋体", "page_number_size_pt": 14.0,
    "heading_font": "黑体",
}

_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*$")
_PH_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class TemplateError(ValueError):
    pass


# ------------------------------------------------------------------------------------------------ specs

@dataclass
class FormSpec:
    id: str
    title: str
    kind: str
    stage: str
    order: int
    blocks: list[dict]
    subtitle: str = ""
    code: str = ""
    party: str = ""
    procedure: str = ""
    date: str = ""
    per: str = ""
    cites: dict[str, str] = field(default_factory=dict)
    copies: str | None = None
    description: str = ""
    fields: list[str] = field(default_factory=list)   # case paths the wizard lets an officer fill for this form
    path: Path | None = None

    def fits(self, party_kind: str | None, procedure: str | None) -> bool:
        """Is this form for a party of this kind under this procedure (forms that name neither fit all)?"""
        return (not self.party or self.party == party_kind) and (not self.procedure or self.procedure == procedure)

    @property
    def full_title(self) -> str:
        return self.title + self.subtitle

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "subtitle": self.subtitle, "full_title": self.full_title,
                "code": self.code, "kind": self.kind, "kind_label": KINDS.get(self.kind, self.kind),
                "stage": self.stage, "party": self.party or None, "procedure": self.procedure or None,
                "per": self.per or None, "numbered": bool(self.code), "order": self.order,
                "description": self.description}


@dataclass
class TemplateSet:
    folder: Path
    forms: dict[str, FormSpec]
    header: str
    copies: str
    layout: dict

    def ordered(self) -> list[FormSpec]:
        return sorted(self.forms.values(), key=lambda s: (s.order, s.id))

    def titles(self) -> dict[str, str]:
        return {fid: s.full_title for fid, s in self.forms.items()}

    def get(self, form_id: str) -> FormSpec:
        spec = self.forms.get(form_id)
        if spec is None:
            raise TemplateError(f"没有文书模板“{form_id}”（lawdesk draft --list 列出全部）")
        return spec


def templates_dir(folder: str | os.PathLike | None = None) -> Path:
    return Path(folder or os.environ.get("LAWDESK_TEMPLATES") or DEFAULT_DIR)


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path.name}：TOML 格式错误：{exc}") from None


def _spec_from(data: dict, path: Path) -> FormSpec:
    missing = [k for k in ("id", "title", "kind", "stage", "order", "blocks") if k not in data]
    if missing:
        raise TemplateError(f"{path.name}：缺少 {'、'.join(missing)}")
    return FormSpec(
        id=data["id"], title=data["title"], kind=data["kind"], stage=data["stage"], order=data["order"],
        blocks=data["blocks"], subtitle=data.get("subtitle", ""), code=data.get("code", ""),
        party=data.get("party", ""), procedure=data.get("procedure", ""), date=data.get("date", ""),
        per=data.get("per", ""), cites=data.get("cites", {}), copies=data.get("copies"),
        description=data.get("description", ""), fields=list(data.get("fields", [])), path=path)


_loaded: dict[tuple[str, float], TemplateSet] = {}


def load_templates(folder: str | os.PathLike | None = None, *, strict: bool = True) -> TemplateSet:
    """Read settings.toml and forms/*.toml. With strict=True any problem `check_templates` finds raises."""
    base = templates_dir(folder)
    forms_dir = base / "forms"
    if not forms_dir.is_dir():
        raise TemplateError(f"模板目录不存在：{forms_dir}")
    stamp = max([p.stat().st_mtime for p in forms_dir.glob("*.toml")] + [(base / "settings.toml").stat().st_mtime
                                                                        if (base / "settings.toml").exists() else 0])
    key = (str(base.resolve()), stamp)
    if key in _loaded:
        return _loaded[key]
    if strict:
        problems = [p for p in check_templates(base) if p.level == "error"]
        if problems:
            raise TemplateError("模板有错误：\n" + "\n".join(str(p) for p in problems))
    settings = _read_toml(base / "settings.toml") if (base / "settings.toml").exists() else {}
    layout = dict(LAYOUT_DEFAULTS)
    layout.update(settings.get("layout", {}))
    forms = {}
    for path in sorted(forms_dir.glob("*.toml")):
        spec = _spec_from(_read_toml(path), path)
        forms[spec.id] = spec
    ts = TemplateSet(base, forms, settings.get("header", "安全生产行政执法文书"),
                     settings.get("copies", ""), layout)
    _loaded.clear()
    _loaded[key] = ts
    return ts


# ------------------------------------------------------------------------------------------------ placeholders

def placeholders(text: str) -> tuple[list[str], list[str]]:
    """(names, problems) of a template string."""
    names, problems = [], []
    for m in _PH_RE.finditer(text):
        tok = m.group(0)
        if tok in ("{{", "}}"):
            continue
        if tok in ("{", "}"):
            problems.append(f"不成对的花括号“{tok}”（字面花括号请写 {{{{ 或 }}}}）：…{text[max(0, m.start() - 8):m.end() + 8]}…")
            continue
        name = m.group(1).strip()
        if not _NAME_RE.match(name):
            problems.append(f"占位符格式错误：“{tok}”")
            continue
        names.append(name)
    return names, problems


def fill(text: str, lookup) -> tuple[str, list[str]]:
    """Replace placeholders through `lookup(name) -> str`; returns (text, names that were empty)."""
    empty = []

    def rep(m):
        tok = m.group(0)
        if tok == "{{":
            return "{"
        if tok == "}}":
            return "}"
        name = (m.group(1) or "").strip()
        value = lookup(name)
        value = "" if value is None else str(value)
        if not value:
            empty.append(name)
        return value
    return _PH_RE.sub(rep, text), empty


# ------------------------------------------------------------------------------------------------ check

@dataclass
class TemplateProblem:
    level: str      # error / warning
    where: str      # file or file:block
    message: str

    def __str__(self) -> str:
        return f"[{'错误' if self.level == 'error' else '提示'}] {self.where}：{self.message}"

    def to_dict(self) -> dict:
        return {"level": self.level, "where": self.where, "message": self.message}


def _is_flag(desc: str) -> bool:
    return desc.startswith("条件：")


def known_scalars(form_ids) -> dict[str, str]:
    v = dict(ctxmod.VARIABLES)
    v.update(ctxmod.numbers_vars(form_ids))
    return v


def _check_name(name: str, *, scalars: dict, item_fields: dict | None, this_fields: dict | None,
                want_flag: bool) -> str | None:
    if name.startswith("item."):
        if item_fields is None:
            return f"{{{name}}} 只能用在 each 块或带 over 的表格中"
        fld = name[5:]
        if fld not in item_fields:
            return f"未知的列表字段 {{{name}}}（可用：{'、'.join(item_fields)}）"
        desc = item_fields[fld]
    elif name.startswith("this."):
        if this_fields is None:
            return f"{{{name}}} 只能用在按列表逐份生成（per）的文书中"
        fld = name[5:]
        if fld not in this_fields:
            return f"未知的字段 {{{name}}}（可用：{'、'.join(this_fields)}）"
        desc = this_fields[fld]
    else:
        if name not in scalars:
            return f"未知的占位符 {{{name}}}"
        desc = scalars[name]
    if want_flag and not _is_flag(desc):
        return f"条件 when 只能使用条件变量，{name} 不是（{desc}）"
    if not want_flag and _is_flag(desc):
        return f"{{{name}}} 是条件变量，只能用在 when 中"
    return None


def _when_list(when) -> list[str] | None:
    if when is None:
        return []
    if isinstance(when, str):
        return [when]
    if isinstance(when, list) and all(isinstance(w, str) for w in when):
        return when
    return None


def _field_problems(fields) -> list[str]:
    if not isinstance(fields, list) or not all(isinstance(x, str) for x in fields):
        return ["fields 应为案件字段路径的数组，如 [\"interviews\", \"dates.recheck\"]"]
    bad = []
    for path in fields:
        try:
            resolve(path)
        except KeyError:
            bad.append(f"fields 中的“{path}”不是案件的字段（见 case.schema.json）")
    return bad


def check_spec(data: dict, where: str, form_ids, scalars: dict) -> list[TemplateProblem]:
    out: list[TemplateProblem] = []

    def err(msg, w=where):
        out.append(TemplateProblem("error", w, msg))

    unknown = set(data) - TOP_KEYS
    if unknown:
        err(f"未知的键：{'、'.join(sorted(unknown))}")
    for k in ("id", "title", "kind", "stage", "order", "blocks"):
        if k not in data:
            err(f"缺少 {k}")
    if out:
        return out
    if data["kind"] not in KINDS:
        err(f"kind 应为 {'、'.join(KINDS)} 之一")
    if data["stage"] not in STAGES:
        err(f"stage “{data['stage']}” 未知（可用：{'、'.join(sorted(STAGES))}）")
    if data.get("party", "") not in ("", "单位", "个人"):
        err("party 应为 单位 或 个人")
    if data.get("procedure", "") not in ("", "普通程序", "简易程序"):
        err("procedure 应为 普通程序 或 简易程序")
    per = data.get("per", "")
    if per and per not in ctxmod.PER:
        err(f"per “{per}” 未知（可用：{'、'.join(ctxmod.PER)}）")
    this_fields = ctxmod.PER.get(per) if per else None
    date = data.get("date", "")
    if date and date not in DATE_FIELDS and not (this_fields and date.startswith("this.") and date[5:] in this_fields):
        err(f"date “{date}” 应为 {'、'.join(sorted(DATE_FIELDS))} 之一")
    if not isinstance(data["order"], int):
        err("order 应为整数")
    out.extend(TemplateProblem("error", where, m) for m in _field_problems(data.get("fields", [])))
    cites = data.get("cites", {})
    if not isinstance(cites, dict) or not all(isinstance(v, str) and v for v in cites.values()):
        err("cites 应为 “规范引用 = 条文中的短语” 的表")
    if not isinstance(data["blocks"], list) or not data["blocks"]:
        err("blocks 不能为空")
        return out
    lists = dict(ctxmod.LISTS)
    if this_fields is not None:
        lists.update({k: v for k, v in ctxmod.PER_LISTS.items() if k.startswith("this.")})

    def check_text(text, w, item_fields):
        if not isinstance(text, str):
            err("应为字符串", w)
            return
        names, problems = placeholders(text)
        for p in problems:
            err(p, w)
        for n in names:
            msg = _check_name(n, scalars=scalars, item_fields=item_fields, this_fields=this_fields, want_flag=False)
            if msg:
                err(msg, w)

    for i, b in enumerate(data["blocks"], 1):
        w = f"{where} 第{i}块"
        if not isinstance(b, dict) or b.get("type") not in BLOCK_TYPES:
            err(f"type 应为 {'、'.join(sorted(BLOCK_TYPES))} 之一", w)
            continue
        t = b["type"]
        extra = set(b) - BLOCK_KEYS[t]
        if extra:
            err(f"{t} 块不认识的键：{'、'.join(sorted(extra))}", w)
        whens = _when_list(b.get("when"))
        item_fields = None
        if t in ("each", "table") and b.get("over") is not None:
            over = b.get("over")
            if over not in lists:
                err(f"over “{over}” 不是可重复的列表（可用：{'、'.join(lists)}）", w)
            else:
                item_fields = lists[over]
        if "filter" in b:
            flt = b["filter"]
            name = flt[1:].strip() if isinstance(flt, str) and flt.startswith("!") else flt
            if not isinstance(name, str) or not name.startswith("item.") or item_fields is None:
                err("filter 应为列表项的条件字段，如 item.has_measures 或 !item.major", w)
            elif name[5:] not in item_fields or not _is_flag(item_fields[name[5:]]):
                err(f"filter：{name} 不是列表项的条件字段", w)
        if whens is None:
            err("when 应为字符串或字符串数组", w)
        else:
            for cond in whens:
                name = cond[1:].strip() if cond.startswith("!") else cond.strip()
                msg = _check_name(name, scalars=scalars, item_fields=None, this_fields=this_fields, want_flag=True)
                if msg:
                    err(msg, w)
        if "align" in b and b["align"] not in ALIGNS:
            err(f"align 应为 {'、'.join(sorted(ALIGNS))} 之一", w)
        if t in ("text", "note"):
            if "text" not in b:
                err("缺少 text", w)
            else:
                check_text(b["text"], w, None)
        elif t == "each":
            if "over" not in b or "text" not in b:
                err("each 块需要 over 和 text", w)
            else:
                check_text(b["text"], w, item_fields)
                if "empty" in b:
                    check_text(b["empty"], w, None)
        elif t == "fields":
            rows = b.get("rows")
            if not isinstance(rows, list) or not rows or not all(isinstance(r, list) and len(r) == 2 for r in rows):
                err("fields 块的 rows 应为 [标签, 内容] 的数组", w)
            else:
                for label, value in rows:
                    check_text(label, w, None)
                    check_text(value, w, None)
            if b.get("style", "lines") not in ("lines", "table"):
                err("style 应为 lines 或 table", w)
        elif t == "table":
            cols = b.get("columns")
            if not isinstance(cols, list) or not cols:
                err("table 块需要 columns", w)
                continue
            for c in cols:
                check_text(c, w, None)
            if "over" in b:
                cells = b.get("cells")
                if not isinstance(cells, list) or len(cells) != len(cols):
                    err("带 over 的表格需要与 columns 等长的 cells", w)
                else:
                    for c in cells:
                        check_text(c, w, item_fields)
            elif "rows" in b:
                if not all(isinstance(r, list) and len(r) == len(cols) for r in b["rows"]):
                    err("rows 的每行应与 columns 等长", w)
                else:
                    for r in b["rows"]:
                        for c in r:
                            check_text(c, w, None)
            else:
                err("table 块需要 rows 或 over+cells", w)
            widths = b.get("widths")
            if widths is not None and (not isinstance(widths, list) or len(widths) != len(cols)):
                err("widths 应与 columns 等长", w)
        elif t == "sign":
            lines = b.get("lines")
            if not isinstance(lines, list) or not lines:
                err("sign 块需要 lines", w)
            else:
                for line in lines:
                    check_text(line, w, None)
    return out


def check_templates(folder: str | os.PathLike | None = None, lib=None) -> list[TemplateProblem]:
    """Every problem of a template folder: TOML syntax, unknown keys, unknown or broken placeholders, wrong
    conditions, duplicate ids; with a library also every citation the fixed wording makes (declared in `cites`,
    each article must exist, be in force today and contain the declared phrase)."""
    base = templates_dir(folder)
    out: list[TemplateProblem] = []
    forms_dir = base / "forms"
    if not forms_dir.is_dir():
        return [TemplateProblem("error", str(base), "没有 forms/ 目录")]
    settings_path = base / "settings.toml"
    if settings_path.exists():
        try:
            settings = _read_toml(settings_path)
        except TemplateError as exc:
            out.append(TemplateProblem("error", "settings.toml", str(exc)))
            settings = {}
        unknown = set(settings) - SETTINGS_KEYS
        if unknown:
            out.append(TemplateProblem("error", "settings.toml", f"未知的键：{'、'.join(sorted(unknown))}"))
        for k, v in settings.get("layout", {}).items():
            if k not in LAYOUT_DEFAULTS:
                out.append(TemplateProblem("error", "settings.toml", f"layout 中未知的键：{k}"))
            elif not isinstance(v, type(LAYOUT_DEFAULTS[k])) and not (isinstance(v, int) and isinstance(LAYOUT_DEFAULTS[k], float)):
                out.append(TemplateProblem("error", "settings.toml", f"layout.{k} 类型错误"))
        for k in ("header", "copies"):
            if k in settings:
                _, probs = placeholders(settings[k]) if isinstance(settings[k], str) else ([], ["应为字符串"])
                for p in probs:
                    out.append(TemplateProblem("error", "settings.toml", f"{k}：{p}"))
    datas = []
    for path in sorted(forms_dir.glob("*.toml")):
        try:
            data = _read_toml(path)
        except TemplateError as exc:
            out.append(TemplateProblem("error", path.name, str(exc)))
            continue
        datas.append((path, data))
    ids = [d.get("id") for _, d in datas]
    for path, data in datas:
        if data.get("id") != path.stem:
            out.append(TemplateProblem("error", path.name, f"id “{data.get('id')}” 应与文件名 {path.stem} 相同"))
        if ids.count(data.get("id")) > 1:
            out.append(TemplateProblem("error", path.name, f"id “{data.get('id')}” 重复"))
    scalars = known_scalars([i for i in ids if i])
    for path, data in datas:
        out.extend(check_spec(data, path.name, ids, scalars))
        if lib is not None and isinstance(data.get("cites"), dict):
            out.extend(check_citations(data, path.name, lib))
    if not datas:
        out.append(TemplateProblem("error", str(forms_dir), "没有任何文书模板"))
    return out


# ------------------------------------------------------------------------------------------------ citations in fixed wording

_CN = "零一二三四五六七八九十百"
_CITE_RE = re.compile(rf"《(?P<law>[^》]{{2,60}})》(?P<tail>(?:(?:第[{_CN}]+条(?:之[{_CN}]+)?|第[{_CN}]+款|第（[{_CN}]+）项)"
                      rf"(?:、|和|及)?)+)")
_TOK_RE = re.compile(rf"第([{_CN}]+)条(之[{_CN}]+)?|第([{_CN}]+)款|第（([{_CN}]+)）项")


def fixed_citations(text: str) -> list[str]:
    """Canonical refs (undated) of the citations a template's fixed wording makes, in the style the shipped
    templates use: 《中华人民共和国行政处罚法》第四十四条、第四十五条 / 第五十五条第一款、第二款 /
    第七十二条第一款第（一）项 / 第六十五条第一款第（二）项、第（三）项."""
    from indexer.numerals import cn_to_int
    from indexer.refs import law_key

    refs: list[str] = []
    for m in _CITE_RE.finditer(text):
        law = law_key(m.group("law"))
        art = None
        para = None
        pending = False          # the current article/paragraph has not produced a ref yet

        def flush():
            if art is not None and pending:
                refs.append(f"{law}/{art}" + (f"/{para}" if para else ""))

        for t in _TOK_RE.finditer(m.group("tail")):
            if t.group(1):
                flush()
                art = f"{cn_to_int(t.group(1))}{t.group(2) or ''}"
                para, pending = None, True
            elif t.group(3) and art is not None:
                if para is not None:
                    flush()
                para, pending = cn_to_int(t.group(3)), True
            elif t.group(4) and art is not None:
                refs.append(f"{law}/{art}/{para or 1}/{cn_to_int(t.group(4))}")
                pending = False
        flush()
    return refs


def spec_texts(data: dict) -> list[str]:
    out = []
    for b in data.get("blocks", []):
        for k in ("text", "empty"):
            if isinstance(b.get(k), str):
                out.append(b[k])
        for row in b.get("rows", []) or []:
            out.extend(c for c in row if isinstance(c, str))
        for k in ("lines", "cells", "columns"):
            out.extend(c for c in b.get(k, []) or [] if isinstance(c, str))
    return out


def check_citations(data: dict, where: str, lib) -> list[TemplateProblem]:
    from indexer.refs import Ref, RefError

    from .lawtext import provision_text

    out = []
    cites = data.get("cites", {})
    found = []
    for text in spec_texts(data):
        found.extend(fixed_citations(text))
    for cited in dict.fromkeys(found):
        if cited not in cites and not any(cited.startswith(c + "/") for c in cites):
            out.append(TemplateProblem("error", where, f"固定文字引用了 {cited}，但 cites 中没有声明（须核对条文后声明）"))
    today = __import__("datetime").date.today().isoformat()
    for ref_text, phrase in cites.items():
        try:
            ref = Ref.parse(ref_text)
        except RefError as exc:
            out.append(TemplateProblem("error", where, str(exc)))
            continue
        view = lib.get(ref, as_of=today)
        if view is None:
            out.append(TemplateProblem("error", where, f"cites：{ref_text} 在现行法规中不存在"))
            continue
        quoted = provision_text(view.article, ref)
        if quoted is None:
            out.append(TemplateProblem("error", where, f"cites：{ref_text} 的款或项不存在"))
        elif phrase not in quoted:
            out.append(TemplateProblem("error", where, f"cites：{ref_text} 的条文中没有“{phrase}”，条文序号可能有误"))
        if ref_text not in found and not any(f.startswith(ref_text + "/") for f in found):
            out.append(TemplateProblem("warning", where, f"cites 声明了 {ref_text}，但固定文字中没有引用它"))
    return out


# ------------------------------------------------------------------------------------------------ rendering

@dataclass
class Para:
    text: str
    role: str = "body"        # header, title, subtitle, number, body, field, sign, note
    align: str = "justify"
    indent: bool = True


@dataclass
class Table:
    rows: list[list[str]]
    columns: list[str] | None = None
    widths: list[float] | None = None
    role: str = "table"       # table / grid (label-value)


@dataclass
class RenderedDoc:
    form_id: str
    title: str
    subtitle: str
    number: str
    date: str                 # ISO date of the document ('' if none)
    header: str
    blocks: list
    kind: str = "served"
    empty: list[str] = field(default_factory=list)      # placeholders that had no value
    per_index: int | None = None

    @property
    def full_title(self) -> str:
        return self.title + self.subtitle

    def text_lines(self) -> list[str]:
        """All text in reading order (tables row by row, cells joined by a tab): the content every output has."""
        out = []
        for b in self.blocks:
            if isinstance(b, Para):
                out.append(b.text)
            else:
                if b.columns:
                    out.append("\t".join(b.columns))
                out.extend("\t".join(r) for r in b.rows)
        return out


def render_spec(spec: FormSpec, ts: TemplateSet, ctx, number: str, date: str, per_index: int | None = None) -> RenderedDoc:
    values = ctx.values
    this = ctx.per[spec.per][per_index] if spec.per else None
    empty: list[str] = []

    def lookup(name, item=None):
        if name.startswith("item."):
            return item.get(name[5:], "") if item is not None else ""
        if name.startswith("this."):
            return this.get(name[5:], "") if this is not None else ""
        return values.get(name, "")

    def cond_ok(block) -> bool:
        for cond in _when_list(block.get("when")) or []:
            neg = cond.startswith("!")
            val = bool(lookup(cond[1:].strip() if neg else cond.strip()))
            if val == neg:
                return False
        return True

    def sub(text, item=None):
        out, e = fill(text, lambda n: lookup(n, item))
        empty.extend(e)
        return out

    def items_of(block):
        over = block["over"]
        items = ctx.per_lists[over][per_index] if over.startswith("this.") else ctx.lists[over]
        flt = block.get("filter")
        if flt:
            neg = flt.startswith("!")
            key = (flt[1:] if neg else flt).strip()[5:]
            items = [it for it in items if bool(it.get(key)) != neg]
        return items

    blocks: list = []
    if ts.header:
        blocks.append(Para(ts.header, "header", "center", False))
    blocks.append(Para(spec.title, "title", "center", False))
    if spec.subtitle:
        blocks.append(Para(spec.subtitle, "subtitle", "center", False))
    if spec.code:
        blocks.append(Para(number, "number", "center", False))

    def paras(text, item=None, indent=True, align="justify", role="body"):
        for line in sub(text, item).split("\n"):
            if line.strip():
                blocks.append(Para(line, role, align, indent))

    for b in spec.blocks:
        if not cond_ok(b):
            continue
        t = b["type"]
        if t == "text":
            paras(b["text"], indent=b.get("indent", True), align=b.get("align", "justify"))
        elif t == "note":
            paras(b["text"], indent=False, align=b.get("align", "left"), role="note")
        elif t == "each":
            items = items_of(b)
            if not items and b.get("empty"):
                paras(b["empty"], indent=b.get("indent", True), align=b.get("align", "justify"))
            for item in items:
                paras(b["text"], item, indent=b.get("indent", True), align=b.get("align", "justify"))
        elif t == "fields":
            rows = [[sub(label), sub(value)] for label, value in b["rows"]]
            if b.get("style", "lines") == "table":
                blocks.append(Table(rows, None, b.get("widths") or [1, 3], "grid"))
            else:
                for label, value in rows:
                    blocks.append(Para(f"{label}：{value}", "field", "left", False))
        elif t == "table":
            cols = [sub(c) for c in b["columns"]]
            if "over" in b:
                rows = [[sub(c, item) for c in b["cells"]] for item in items_of(b)]
            else:
                rows = [[sub(c) for c in r] for r in b["rows"]]
            blocks.append(Table(rows, cols, b.get("widths"), "table"))
        elif t == "sign":
            for line in b["lines"]:
                text = sub(line)
                if text.strip():
                    blocks.append(Para(text, "sign", "right", False))
    copies = spec.copies if spec.copies is not None else (ts.copies if spec.kind == "served" else "")
    if copies:
        blocks.append(Para(sub(copies), "note", "left", False))
    return RenderedDoc(spec.id, spec.title, spec.subtitle, number if spec.code else "", date, ts.header, blocks,
                       spec.kind, sorted(set(empty)), per_index)
