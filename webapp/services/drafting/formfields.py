"""The wizard's inputs for a form's `fields` (doc_templates/forms/*.toml), generated from the case model.

A form declares the case paths it needs filled (e.g. `fields = ["interviews"]` for 询问笔录); the model
(model.py) already declares each field's Chinese title, type and format. `widgets()` turns a path into a
tree of input descriptions (text, textarea, date, datetime, number, checkbox, select, group, list of
groups) that the web renders without a hand-written second list; `apply()` reads the submitted values back
into the case dict by the same tree. No Flask here: the form is any mapping of name → value(s).

Input names are the case paths with list indexes as segments (`interviews.0.interviewee.name`). A list
shows its items and one blank item to add; an item whose required text fields are all empty is dropped,
as is one whose "删除" box is ticked."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from .model import Case, _hints, _is_optional

LONG_TEXT = "textarea"


class FieldError(ValueError):
    """A submitted value that does not fit its field; `label` names the field in Chinese."""

    def __init__(self, name: str, label: str, message: str):
        super().__init__(f"{label}：{message}")
        self.name, self.label, self.message = name, label, message


@dataclass
class Widget:
    kind: str                  # text textarea date datetime number check tristate select group list
    name: str                  # input name (the case path)
    label: str
    help: str = ""
    value: Any = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    children: list[Widget] = field(default_factory=list)    # group: its fields; list: one group per item
    blank: bool = False        # a list's empty item (to add one)


# ------------------------------------------------------------------------------------------------ the model

def _field_of(cls, name: str):
    for fl in dataclasses.fields(cls):
        if fl.name == name:
            return fl
    raise KeyError(name)


def resolve(path: str):
    """(type, dataclass field) of a dotted case path such as "statement.speaker"; KeyError if unknown."""
    tp, fl = Case, None
    for part in path.split("."):
        _, inner = _is_optional(tp)
        if get_origin(inner) is list:
            inner = get_args(inner)[0]
        if not dataclasses.is_dataclass(inner):
            raise KeyError(path)
        fl = _field_of(inner, part)
        tp = _hints(inner)[part]
    return tp, fl


def path_label(path: str) -> str:
    """Chinese titles along a path: 'interviews[0].start' → 询问笔录第1项 询问开始时间 (for error messages)."""
    out: list[str] = []
    tp: object = Case
    for part in path.replace("]", "").replace("[", ".").split("."):
        if part.isdigit():
            out[-1:] = [f"{out[-1] if out else ''}第{int(part) + 1}项"]
            continue
        _, inner = _is_optional(tp)
        if get_origin(inner) is list:
            inner = get_args(inner)[0]
        if not dataclasses.is_dataclass(inner):
            return path
        try:
            fl = _field_of(inner, part)
        except KeyError:
            return path
        out.append(fl.metadata.get("title", part))
        tp = _hints(inner)[part]
    return " ".join(out)


def _blank(cls) -> dict:
    """The smallest dict of `cls` the model accepts: its required fields empty."""
    out = {}
    for fl in dataclasses.fields(cls):
        if fl.default is not dataclasses.MISSING or fl.default_factory is not dataclasses.MISSING:
            continue
        tp = _hints(cls)[fl.name]
        opt, inner = _is_optional(tp)
        if get_origin(inner) is Literal:
            out[fl.name] = get_args(inner)[0]
        elif dataclasses.is_dataclass(inner):
            out[fl.name] = None if opt else _blank(inner)
        elif get_origin(inner) is list:
            out[fl.name] = []
        else:
            out[fl.name] = ""
    return out


def record_sections(forms, case_dict: dict) -> list[tuple]:
    """(form, case paths) for every form that declares `fields` and fits the case's party and procedure; a path
    is listed once, under the first form (in case-file order) that needs it. Not `Drafter.applicable`: that
    asks whether the data is there, and this step is where it gets there."""
    seen, out = set(), []
    kind, proc = case_dict.get("party", {}).get("kind"), case_dict.get("procedure")
    for spec in forms:
        if not spec.fields or not spec.fits(kind, proc):
            continue
        paths = [p for p in spec.fields if p not in seen]
        seen.update(paths)
        if paths:
            out.append((spec, paths))
    return out


# ------------------------------------------------------------------------------------------------ widgets

def widgets(case_dict: dict, path: str, choices: dict[str, list[tuple[str, str]]] | None = None) -> Widget:
    """The input tree for `path` filled with the case's values. `choices` gives the options of fields whose
    metadata says `choices="NAME"` (e.g. the form list for a delivery's 送达文书)."""
    tp, fl = resolve(path)
    return _widget(tp, fl, path, _value_at(case_dict, path), choices or {})


def _value_at(d, path: str):
    cur = d
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _widget(tp, fl, name: str, value, choices) -> Widget:
    meta = fl.metadata if fl is not None else {}
    label, help_ = meta.get("title", name), meta.get("description", "")
    optional, inner = _is_optional(tp)
    origin = get_origin(inner)
    if dataclasses.is_dataclass(inner):
        value = value or {}
        kids = [_widget(_hints(inner)[f.name], f, f"{name}.{f.name}", value.get(f.name), choices)
                for f in dataclasses.fields(inner)]
        return Widget("group", name, label, help_, children=kids)
    if origin is list:
        (item_tp,) = get_args(inner)
        if dataclasses.is_dataclass(item_tp):
            items = list(value or [])
            kids = []
            for i, item in enumerate([*items, None]):
                w = _widget(item_tp, None, f"{name}.{i}", item, choices)
                w.label, w.blank = f"{label}（第{i + 1}项）" if item is not None else f"新增{label}", item is None
                kids.append(w)
            return Widget("list", name, label, help_, children=kids)
        return Widget(LONG_TEXT, name, label, help_ or "每行一项", value="\n".join(value or []))
    if origin is Literal:
        opts = [(str(v), str(v)) for v in get_args(inner)]
        if fl is None or fl.default is dataclasses.MISSING:
            # no default: a first option chosen by the browser would create the object (an untouched 案件移送
            # section made every case list a 案件移送书 with three errors)
            opts = [("", "（请选择）"), *opts]
        return Widget("select", name, label, help_, value=value or "", choices=opts)
    if inner is bool:
        if optional:
            shown = {True: "yes", False: "no"}.get(value, "")
            return Widget("tristate", name, label, help_, value=shown, choices=[("", "（未定）"), ("yes", "是"), ("no", "否")])
        return Widget("check", name, label, help_, value=bool(value))
    if inner is int:
        return Widget("number", name, label, help_, value="" if value is None else str(value))
    if inner is Decimal:
        return Widget("text", name, label, help_, value="" if value is None else str(value))
    fmt = meta.get("format")
    kind = {"date": "date", "date-time-minute": "datetime"}.get(fmt or "") or meta.get("widget") or "text"
    opts = choices.get(meta["choices"], []) if meta.get("choices") else []
    if opts:
        kind = "select"
        if value and value not in dict(opts):
            opts = [*opts, (value, value)]
        opts = [("", "（请选择）"), *opts]
    return Widget(kind, name, label, help_ if kind not in ("date", "datetime") else "", value=value or "", choices=opts)


# ------------------------------------------------------------------------------------------------ reading back

def apply(case_dict: dict, paths: list[str], form) -> None:
    """Set each of `paths` in `case_dict` from the submitted `form` (a mapping with `get` and, for
    multi-valued names, `getlist`). FieldError on a value that does not fit."""
    for path in paths:
        tp, fl = resolve(path)
        parent_path, _, last = path.rpartition(".")
        parent = case_dict
        if parent_path:
            parent = _ensure(case_dict, parent_path)
            if parent is None:
                value = _read(tp, fl, path, form)
                if _empty(value):
                    continue
                parent = _ensure(case_dict, parent_path, create=True)
        parent[last] = _read(tp, fl, path, form)


def _ensure(d: dict, path: str, create: bool = False):
    """The dict at `path`, created from the model's blank when `create` (None when absent otherwise)."""
    cur, tp = d, Case
    for part in path.split("."):
        _, inner = _is_optional(tp)
        tp = _hints(inner)[part]
        nxt = cur.get(part)
        if nxt is None:
            if not create:
                return None
            nxt = cur[part] = _blank(_is_optional(tp)[1])
        cur = nxt
    return cur


def _untyped(value) -> bool:
    """Nothing typed: every text in it empty (numbers and boxes carry defaults, so they do not count)."""
    if isinstance(value, dict):
        return all(_untyped(v) for v in value.values())
    if isinstance(value, list):
        return not value
    return not isinstance(value, str) or not value


def _empty(value) -> bool:
    return value in (None, "", [], False) or (isinstance(value, dict) and all(_empty(v) for v in value.values()))


def _text(form, name: str) -> str:
    return (form.get(name) or "").replace("\r\n", "\n").strip()[:20000]


def _read(tp, fl, name: str, form):
    meta = fl.metadata if fl is not None else {}
    label = meta.get("title", name)
    optional, inner = _is_optional(tp)
    origin = get_origin(inner)
    if dataclasses.is_dataclass(inner):
        value = {f.name: _read(_hints(inner)[f.name], f, f"{name}.{f.name}", form) for f in dataclasses.fields(inner)}
        return None if optional and _untyped(value) else value
    if origin is list:
        (item_tp,) = get_args(inner)
        if not dataclasses.is_dataclass(item_tp):
            return [line.strip() for line in _text(form, name).split("\n") if line.strip()]
        out, i = [], 0
        while any(k.startswith(f"{name}.{i}.") for k in form):
            prefix = f"{name}.{i}"
            if not form.get(f"{prefix}.__remove"):
                item = _read(item_tp, None, prefix, form)
                if not _untyped(item):
                    out.append(item)
            i += 1
        return out
    raw = _text(form, name)
    if origin is Literal:
        allowed = [str(v) for v in get_args(inner)]
        if raw and raw not in allowed:
            raise FieldError(name, label, f"应为 {'、'.join(allowed)} 之一")
        return raw
    if inner is bool:
        if optional:
            return {"yes": True, "no": False}.get(raw)
        return bool(raw)
    if inner is int:
        if not raw:
            if optional:
                return None
            return fl.default if fl is not None and fl.default is not dataclasses.MISSING else 0
        try:
            return int(raw)
        except ValueError:
            raise FieldError(name, label, f"“{raw}”不是整数") from None
    if inner is Decimal:
        return raw or None
    return raw[:16] if meta.get("format") == "date-time-minute" else raw


def names_in(widget: Widget) -> set[str]:
    """Every input name of a widget tree (tests: which case paths the wizard lets an officer edit)."""
    if widget.kind in ("group", "list"):
        return set().union(*(names_in(k) for k in widget.children)) if widget.children else set()
    return {widget.name}
