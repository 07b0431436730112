"""Statute search (issue 4): the search page, article pages, law pages and their JSON under /api/v1.

    /search/                   search page (query box with law-name suggestions, filters, highlights, paging)
    /articles/<ref>            one article of one version: 款/项 anchors, status, versions, comparison, citation
    /laws/<key>                one law: versions, history lines, table of contents
    /api/v1/search             LawLibrary.search() as JSON
    /api/v1/articles/<ref>     ArticleView.to_dict() + versions, neighbours, focus
    /api/v1/laws               law-name suggestions (titles, keys, abbreviations)
    /api/v1/laws/<key>         a law with its versions, history and table of contents

All reading goes through indexer.service.LawLibrary (shared by every area in app.extensions["lawdesk_library"]).
Every page is the same for every logged-in role (access area "search"). Lookup failures are Chinese
UserErrors (400 bad input, 404 unknown law/version/article, 409 while no index is built), never a 500.
A citation typed into the search box (安法102条, 消防法第六十四条第二项) opens the article directly with the
cited 款/项 highlighted; `jump=0` keeps the result list."""

from __future__ import annotations

from indexer.dates import STATUS_LABELS
from indexer.errors import LawError
from webapp.api import NON_BLANK, PY_SPACE
from webapp.library import library

import dataclasses
import datetime as dt
import difflib
import math
from functools import lru_cache

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from .. import access
from ..api import arg_date, arg_int
from ..errors import UserError

bp = Blueprint("search", __name__)

PER_PAGE = 20
MAX_REACHABLE = 300           # indexer.search ranks at most this many candidates; pages beyond are empty
MAX_QUERY = 200
MAX_NAME = 100
MAX_REF = 300
MAX_NUMBER = 99999          # no statute has more articles, paragraphs or items
COMPARE_VERSIONS = 4          # at most this many other versions are compared on an article page
SAME_NUMBER_OK = 0.6          # same-numbered article this similar: it is the counterpart
MATCH_MIN = 0.45              # a differently numbered article must be at least this similar to be offered
LEVEL_ORDER = ["法律", "行政法规", "地方性法规", "司法解释", "部门规章"]
HEADING_LEVELS = ["编", "分编", "章", "节"]
LAW_ERROR_STATUS = {"unknown_law": 404, "no_such_version": 404, "no_such_article": 404, "bad_article": 400,
                    "bad_date": 400, "not_built": 409, "bad_query": 400}



# ------------------------------------------------------------------------------------------------ plumbing

def require_library():
    lib = library()
    if lib is None:
        raise UserError("法规库尚未建立索引，暂时无法检索。请管理员运行 lawdesk index。", code="library_not_built",
                        status=409)
    return lib


def law_error(exc, status: int | None = None) -> UserError:
    """indexer LawError / SearchError -> UserError with the right status."""
    code = getattr(exc, "code", "bad_request")
    return UserError(getattr(exc, "message", "请求有误。"), code=code, status=status or LAW_ERROR_STATUS.get(code, 400))


def _text_arg(name: str, limit: int, label: str) -> str:
    value = (request.args.get(name) or "").strip()
    if len(value) > limit:
        raise UserError(f"参数 {label} 过长（最多 {limit} 字）。", code="invalid_parameter")
    return value


def _as_of() -> str | None:
    d = arg_date("as_of")
    return d.isoformat() if d else None


def _today() -> str:
    from indexer.service import today
    return today()


def _day_before(date: str | None) -> str | None:
    if not date:
        return None
    return (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()


@lru_cache(maxsize=8)
def _facets(lib, generation) -> tuple[list[str], list[str]]:
    levels = {law.level for law in lib.store.laws.values() if law.level}
    regions = {law.region for law in lib.store.laws.values() if law.region}
    ordered = [lv for lv in LEVEL_ORDER if lv in levels] + sorted(levels - set(LEVEL_ORDER))
    return ordered, sorted(regions)


def facets(lib) -> tuple[list[str], list[str]]:
    """Levels (法律, 行政法规 …) and regions present in the library, for the filter lists."""
    return _facets(lib, lib.generation)


def highlight(snippet: str, spans) -> Markup:
    """The snippet with <mark> around the highlight spans; everything else escaped. Bad spans are ignored."""
    snippet = snippet or ""
    pairs = []
    for span in spans or []:
        try:
            pairs.append((int(span[0]), int(span[1])))
        except (TypeError, ValueError, IndexError, KeyError):
            continue
    out, pos = [], 0
    for start, end in sorted(pairs):
        if start < pos or end <= start or end > len(snippet):
            continue
        out.append(escape(snippet[pos:start]))
        out.append(Markup("<mark>") + escape(snippet[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(snippet[pos:]))
    return Markup("").join(out)


# -------------------------------------------------------------------------------------------- search
@dataclasses.dataclass
class SearchArgs:
    q: str
    law: str
    level: str
    region: str
    status: str
    as_of: str | None

    def filters(self) -> dict:
        return {"law": self.law or None, "level": self.level or None, "region": self.region or None,
                "status": self.status or None, "as_of": self.as_of}

    def query_args(self, **extra) -> dict:
        args = {"q": self.q, "law": self.law, "level": self.level, "region": self.region, "status": self.status,
                "as_of": self.as_of or ""}
        args.update(extra)
        return {k: v for k, v in args.items() if v not in (None, "")}


def search_args() -> SearchArgs:
    q = (request.args.get("q") or "").strip()
    if len(q) > MAX_QUERY:
        raise UserError(f"检索词过长（最多 {MAX_QUERY} 字）。", code="bad_query")
    status = (request.args.get("status") or "").strip()
    if status and status not in STATUS_LABELS:
        raise UserError("参数 status 无效（in_force/superseded/repealed/not_yet）。", code="invalid_parameter")
    return SearchArgs(q=q, law=_text_arg("law", MAX_NAME, "law"), level=_text_arg("level", 20, "level"),
                      region=_text_arg("region", 20, "region"), status=status, as_of=_as_of())


def run_search(lib, a: SearchArgs, limit: int, offset: int) -> dict:
    from indexer.search import SearchError
    from indexer.service import LawError

    # a level or region without laws simply finds nothing (the lists on the page come from the library)
    try:
        result = lib.search(a.q, limit=limit, offset=offset, **a.filters())
    except SearchError as exc:
        raise law_error(exc, 400) from None
    except LawError as exc:        # unknown law in the filter (404), bad date (400)
        raise law_error(exc) from None
    return result


def article_url(row: dict, as_of: str | None = None, q: str | None = None) -> str:
    """The article page of a search row; a cited 款/项 goes into the ref and the fragment."""
    from indexer.refs import Ref
    ref = Ref.parse(row["ref"])
    anchor = None
    f = row.get("focus")
    if f and f.get("paragraph"):
        ref = dataclasses.replace(ref, paragraph=f["paragraph"], item=f.get("item"))
        anchor = f"p{f['paragraph']}" + (f"-i{f['item']}" if f.get("item") else "")
    args = {}
    if as_of:
        args["as_of"] = as_of
    if q:
        args["q"] = q
    return url_for("search.article", ref=str(ref), _anchor=anchor, **args)


def check_focus(lib, row: dict, as_of: str | None) -> str | None:
    """A cited 款/项 that the article does not have: the Chinese message (the row keeps its article link)."""
    from indexer.refs import Ref
    f = row.get("focus")
    if row.get("kind") != "article" or not f or not f.get("paragraph"):
        return None
    ref = dataclasses.replace(Ref.parse(row["ref"]), paragraph=f["paragraph"], item=f.get("item"))
    try:
        resolve_article(lib, ref, as_of)
    except UserError as exc:
        row["focus"] = None
        return exc.message
    return None


def row_link(row: dict, as_of: str | None) -> str | None:
    kind = row.get("kind")
    try:
        if kind == "article":
            return article_url(row, as_of)
        if kind == "law":
            return url_for("search.law", key=row["law_key"], **({"as_of": as_of} if as_of else {}))
        if kind == "handbook" and row.get("entry") and "handbook.entry" in current_app.view_functions:
            return url_for("handbook.entry", entry_id=row["entry"])
        if kind == "procedure" and row.get("slug") and "handbook.procedure" in current_app.view_functions:
            return url_for("handbook.procedure", slug=row["slug"])
    except Exception:       # a row we cannot link to is still shown
        current_app.logger.exception("no link for search row %r", row.get("ref"))
    return None


@bp.get("/search/")
@access.area("search")
def index():
    a = search_args()
    page = arg_int("page", 1, lo=1, hi=1000)
    lib = library()
    levels, regions = facets(lib) if lib else ([], [])
    ctx = {"a": a, "levels": levels, "regions": regions, "statuses": STATUS_LABELS, "result": None, "rows": [],
           "page": page, "pages": 0, "library_missing": lib is None, "error": None, "capped": False,
           "max_reachable": MAX_REACHABLE,
           "today": _today()}
    if not a.q:
        if a.law and lib is not None:          # a law picked without words: its table of contents
            try:
                law = lib.find_law(a.law)
            except LawError:
                law = None
            if law is not None:
                return redirect(url_for("search.law", key=law.key, **({"as_of": a.as_of} if a.as_of else {})))
        return render_template("search/index.html", **ctx)
    if lib is None:
        return render_template("search/index.html", **ctx)
    try:
        result = run_search(lib, a, PER_PAGE, (page - 1) * PER_PAGE)
    except UserError as exc:
        if exc.status == 409:
            raise
        ctx["error"] = exc.message
        return render_template("search/index.html", **ctx), exc.status
    rows = result["results"]
    for r in rows:
        r["focus_error"] = check_focus(lib, r, a.as_of)
    u = result.get("understood") or {}
    if (page == 1 and request.args.get("jump") != "0" and u.get("citation") and not u.get("words")
            and rows and rows[0].get("kind") == "article" and not rows[0]["focus_error"]):
        return redirect(article_url(rows[0], a.as_of, q=a.q))
    reachable = min(result["total"], MAX_REACHABLE)
    ctx.update(result=result, page=page, pages=max(1, math.ceil(reachable / PER_PAGE)),
               capped=result["total"] > MAX_REACHABLE,
               rows=[{**r, "marked": highlight(r.get("snippet", ""), r.get("highlights")),
                      "url": row_link(r, a.as_of)} for r in rows])
    return render_template("search/index.html", **ctx)


@bp.get("/api/v1/search")
@access.area("search")
def api_search():
    a = search_args()
    if not a.q:
        raise UserError("请输入检索词（参数 q）。", code="bad_query")
    limit = arg_int("limit", 10, lo=1, hi=100)
    offset = arg_int("offset", 0, lo=0, hi=10000)
    lib = require_library()
    return jsonify(run_search(lib, a, limit, offset))


# ------------------------------------------------------------------------------------ law suggestions
def suggest_laws(lib, q: str, limit: int = 10) -> list[dict]:
    """Laws whose title, key or abbreviation matches `q`: exact names first, then prefixes, then substrings;
    the core collection and laws in force before the rest."""
    from indexer.aliases import load_abbreviations

    q = q.strip().strip("《》").replace(" ", "")
    if not q:
        return []
    laws = lib.store.laws
    best: dict[str, tuple] = {}
    names = list(lib.aliases().items()) + [(law.title, key) for key, law in laws.items()]
    for name, key in names:
        if key not in laws:
            continue
        if name == q:
            rank = 0
        elif name.startswith(q):
            rank = 1
        elif q in name:
            rank = 2
        else:
            continue
        law = laws[key]
        score = (rank, not law.core, law.repealed_on is not None or law.expired, len(name))
        if key not in best or score < best[key][0]:
            best[key] = (score, name)
    _authored, ambiguous = load_abbreviations(lib.settings.corpus)
    for alias, targets in ambiguous.items():
        if alias == q or alias.startswith(q):
            for i, target in enumerate(targets):
                law = lib.store.law(target)
                if law is not None and law.key not in best:
                    best[law.key] = ((1 if alias != q else 0, False, False, i), alias)
    ordered = sorted(best.items(), key=lambda kv: kv[1][0])[:limit]
    out = []
    for key, (_score, matched) in ordered:
        law = laws[key]
        out.append({"key": key, "title": law.title, "level": law.level, "region": law.region, "core": law.core,
                    "matched": matched, "repealed": bool(law.repealed_on or law.expired)})
    return out


@bp.get("/api/v1/laws")
@access.area("search")
def api_laws():
    q = _text_arg("q", 50, "q")
    limit = arg_int("limit", 10, lo=1, hi=50)
    lib = require_library()
    return jsonify({"query": q, "laws": suggest_laws(lib, q, limit)})


# ------------------------------------------------------------------------------------------- articles
def parse_ref(text: str):
    from indexer.refs import Ref, RefError
    if len(text) > MAX_REF:
        raise UserError("条文引用过长。", code="bad_ref")
    try:
        return Ref.parse(text)
    except RefError as exc:
        raise UserError(str(exc), code="bad_ref") from None


def resolve_article(lib, ref, as_of: str | None):
    """(ArticleView, focus dict or None) for a parsed ref; UserError when it names nothing."""
    from indexer.numerals import int_to_cn, item_label
    from indexer.service import LawError

    if ref.article is None:
        raise UserError("引用没有指明条文序号（例：安全生产法/99、刑法/134之一）。", code="bad_ref")
    if ref.article > MAX_NUMBER or any(n is not None and n > MAX_NUMBER for n in (ref.paragraph, ref.item, ref.subitem)):
        raise UserError("条文序号过大，法规中没有这样的条文。", code="no_such_article", status=404)
    try:
        law = lib.find_law(ref.law)
        view = lib.article(law.key, f"{ref.article}{ref.suffix or ''}", as_of=as_of, version=ref.version)
    except LawError as exc:
        raise law_error(exc) from None
    focus = None
    if ref.paragraph is not None:
        paras = view.article.paragraphs
        label = f"{view.law.title}{view.article.label}"
        if not 1 <= ref.paragraph <= len(paras):
            raise UserError(f"{label}只有 {len(paras)} 款，没有第{int_to_cn(ref.paragraph)}款。",
                            code="no_such_paragraph", status=404)
        items = paras[ref.paragraph - 1].items
        if ref.item is not None and not 1 <= ref.item <= len(items):
            where = f"第{int_to_cn(ref.paragraph)}款" if len(paras) > 1 else ""
            raise UserError(f"{label}{where}" + (f"只有 {len(items)} 项" if items else "没有分项") +
                            f"，没有第{item_label(ref.item)}项。", code="no_such_item", status=404)
        if ref.subitem is not None:
            subs = items[ref.item - 1].subitems if ref.item is not None else []
            if not 1 <= ref.subitem <= len(subs):
                raise UserError(f"{label}第{item_label(ref.item)}项没有第{int_to_cn(ref.subitem)}目。",
                                code="no_such_subitem", status=404)
        focus = {"paragraph": ref.paragraph, "item": ref.item, "subitem": ref.subitem}
    return view, focus


def focus_ref(view, focus):
    if not focus:
        return view.ref
    return dataclasses.replace(view.ref, paragraph=focus["paragraph"], item=focus["item"], subitem=focus["subitem"])


def version_label(lib, v) -> str:
    """'2023-09-01 修订': the version's date with what happened on it (通过/修正/修订), from its history lines."""
    events = []
    for h in lib.store.history(v):
        if h.get("date") == v.version_date:
            events += [e for e in h.get("events", []) if e in ("通过", "修正", "修订") and e not in events]
    return f"{v.version_date or v.effective_from}{' ' + '、'.join(events) if events else ''}"


def version_rows(lib, view) -> list[dict]:
    """Every version of the law with its interval, status on the as-of date and this article in it."""
    out = []
    for v in lib.store.versions(view.law.key):
        st = lib.store.status(view.law, v, view.as_of)
        if v.id == view.version.id:
            art = view.article
        else:
            art = lib.store.article(v, view.article.number, view.article.suffix)
        out.append({
            "version": v.effective_from, "version_date": v.version_date, "label": version_label(lib, v),
            "effective_from": v.effective_from,
            "effective_to": v.effective_to, "last_day": _day_before(v.effective_to), "status": st,
            "status_label": STATUS_LABELS[st], "article_count": v.article_count, "current": v.id == view.version.id,
            "ref": str(dataclasses.replace(view.ref, version=v.effective_from)) if art is not None else None,
        })
    return out


def neighbours(lib, view) -> tuple[dict | None, dict | None]:
    seq = lib.store.article_seq(view.version, view.article.number, view.article.suffix)
    out = []
    for s in (None if seq is None else seq - 1, None if seq is None else seq + 1):
        art = lib.store.article_at_seq(view.version, s) if s is not None and s >= 0 else None
        out.append(None if art is None else {
            "ref": str(dataclasses.replace(view.ref, article=art.number, suffix=art.suffix)), "label": art.label})
    return out[0], out[1]


def _matcher(text: str) -> difflib.SequenceMatcher:
    sm = difflib.SequenceMatcher(None, autojunk=False)
    sm.set_seq2(text)
    return sm


@lru_cache(maxsize=2048)
def _counterpart(lib, generation, version_id: int, number: int, suffix: str | None, other_id: int):
    """The article of version `other_id` that corresponds to (number, suffix) of `version_id`: the same number
    when it is similar enough, else the most similar article (statutes get renumbered in revisions).
    Returns (number, suffix, similarity, method, same_number_similarity) or None."""
    store = lib.store
    this_v, other_v = store.version_by_id(version_id), store.version_by_id(other_id)
    this = store.article(this_v, number, suffix)
    text = this.text()
    sm = _matcher(text)
    same = store.article(other_v, number, suffix)
    r_same = None
    if same is not None:
        sm.set_seq1(same.text())
        r_same = sm.ratio()
        if r_same >= SAME_NUMBER_OK:
            return (same.number, same.suffix, r_same, "same_number", r_same)
    candidates = []
    for art in store.articles(other_v):
        sm.set_seq1(art.text())
        if sm.real_quick_ratio() >= MATCH_MIN:
            q = sm.quick_ratio()
            if q >= MATCH_MIN:
                candidates.append((q, art))
    candidates.sort(key=lambda c: -c[0])
    best, best_r = None, 0.0
    for _q, art in candidates[:6]:
        sm.set_seq1(art.text())
        r = sm.ratio()
        if r > best_r:
            best, best_r = art, r
    if best is not None and best_r >= MATCH_MIN and best_r > (r_same or 0) + 0.1:
        return (best.number, best.suffix, best_r, "similar", r_same)
    if same is not None:
        return (same.number, same.suffix, r_same, "same_number", r_same)
    return None


def char_diff(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], float]:
    """Character-level difference: segments (kind, text) of the old text (eq/del) and of the new (eq/ins)."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            left.append(("eq", old[i1:i2]))
            right.append(("eq", new[j1:j2]))
        else:
            if i2 > i1:
                left.append(("del", old[i1:i2]))
            if j2 > j1:
                right.append(("ins", new[j1:j2]))
    return left, right, sm.ratio()


def comparisons(lib, view) -> list[dict]:
    """This article beside its counterpart in each other version (nearest versions first), older on the left."""
    from indexer.numerals import article_label

    others = [v for v in lib.store.versions(view.law.key) if v.id != view.version.id]
    others.sort(key=lambda v: abs(dt.date.fromisoformat(v.effective_from)
                                  - dt.date.fromisoformat(view.version.effective_from)))
    out = []
    this_text = view.article.text()
    for v in others[:COMPARE_VERSIONS]:
        match = _counterpart(lib, lib.generation, view.version.id, view.article.number, view.article.suffix, v.id)
        entry = {"version": v.effective_from, "version_date": v.version_date, "label": version_label(lib, v),
                 "status": lib.store.status(view.law, v, view.as_of), "older": v.effective_from < view.version.effective_from,
                 "same_number_ref": None, "same_number_similarity": None}
        entry["status_label"] = STATUS_LABELS[entry["status"]]
        same = lib.store.article(v, view.article.number, view.article.suffix)
        if same is not None:
            entry["same_number_ref"] = str(dataclasses.replace(view.ref, version=v.effective_from))
        if match is None:
            entry.update(match=None)
            out.append(entry)
            continue
        number, suffix, similarity, method, r_same = match
        other = lib.store.article(v, number, suffix)
        entry["same_number_similarity"] = None if r_same is None else round(r_same, 3)
        entry["match"] = {"ref": str(dataclasses.replace(view.ref, version=v.effective_from, article=number,
                                                         suffix=suffix)),
                          "label": article_label(number, suffix), "similarity": round(similarity, 3),
                          "method": method}
        old_text, new_text = (other.text(), this_text) if entry["older"] else (this_text, other.text())
        left, right, ratio = char_diff(old_text, new_text)
        entry["identical"] = old_text == new_text
        entry["left"], entry["right"] = left, right
        entry["left_version"] = v.effective_from if entry["older"] else view.version.effective_from
        entry["right_version"] = view.version.effective_from if entry["older"] else v.effective_from
        entry["left_label"] = article_label(number, suffix) if entry["older"] else view.article.label
        entry["right_label"] = view.article.label if entry["older"] else article_label(number, suffix)
        out.append(entry)
    return out


def article_json(lib, view, focus) -> dict:
    d = view.to_dict()
    prev, nxt = neighbours(lib, view)
    fref = focus_ref(view, focus)
    d.update({
        "focus": focus, "focus_ref": str(fref),
        "focus_citation": fref.human(view.law.title, single_paragraph=len(view.article.paragraphs) == 1),
        "versions": version_rows(lib, view), "previous": prev, "next": nxt,
        "law_status": lib.law_status(view.law, view.as_of),
        "repealed_on": view.law.repealed_on, "repealed_by": view.law.repealed_by,
    })
    d["law_status_label"] = STATUS_LABELS[d["law_status"]]
    return d


@bp.get("/articles/<path:ref>")
@access.area("search")
def article(ref: str):
    parsed = parse_ref(ref)
    as_of = _as_of()
    lib = require_library()
    if parsed.article is None:
        try:
            law = lib.find_law(parsed.law)
        except LawError:
            law = None
        if law is not None:
            return redirect(url_for("search.law", key=law.key, **({"as_of": as_of} if as_of else {})))
    view, focus = resolve_article(lib, parsed, as_of)
    data = article_json(lib, view, focus)
    q = _text_arg("q", MAX_QUERY, "q")
    compared = comparisons(lib, view)
    matches = {c["version"]: c.get("match") for c in compared}
    for v in data["versions"]:
        v["match"] = matches.get(v["version"])
    return render_template("search/article.html", a=data, view=view, focus=focus, q=q,
                           comparisons=compared, as_of_arg=as_of,
                           cn=_cn, item_label=_item_label)


@bp.get("/api/v1/articles/<path:ref>")
@access.area("search")
def api_article(ref: str):
    parsed = parse_ref(ref)
    as_of = _as_of()
    lib = require_library()
    view, focus = resolve_article(lib, parsed, as_of)
    data = article_json(lib, view, focus)
    if request.args.get("compare") == "1":
        data["comparisons"] = []
        for c in comparisons(lib, view):
            entry = {k: v for k, v in c.items() if k not in ("left", "right")}
            if "left" in c:
                entry["diff"] = {"old": [list(seg) for seg in c["left"]], "new": [list(seg) for seg in c["right"]]}
            data["comparisons"].append(entry)
    return jsonify(data)


def _cn(n: int) -> str:
    from indexer.numerals import int_to_cn
    return int_to_cn(n)


def _item_label(n: int) -> str:
    from indexer.numerals import item_label
    return item_label(n)


# ----------------------------------------------------------------------------------------------- laws
def resolve_law(lib, key: str, as_of: str | None, version: str | None):
    from indexer.service import LawError, check_date

    if len(key) > MAX_NAME * 2:
        raise UserError("法规名称过长。", code="unknown_law", status=404)
    try:
        law = lib.find_law(key)
        date = check_date(as_of)
    except LawError as exc:
        raise law_error(exc) from None
    versions = lib.store.versions(law.key)
    if not versions:
        raise UserError(f"法规库中没有“{law.title}”的任何版本。", code="no_such_version", status=404)
    if version:
        v = lib.store.version_at(law.key, version)
        if v is None:
            raise UserError(f"{law.title}没有 {version} 施行的版本。", code="no_such_version", status=404)
    else:
        v = lib.store.version_on(law.key, date)
        if v is None:
            before = [x for x in versions if x.effective_from <= date]
            v = before[-1] if before else versions[0]
    return law, v, date


def law_json(lib, law, v, date: str) -> dict:
    from indexer.refs import Ref

    st = lib.law_status(law, date)
    versions = []
    for x in lib.store.versions(law.key):
        xs = lib.store.status(law, x, date)
        versions.append({"version": x.effective_from, "version_date": x.version_date, "label": version_label(lib, x),
                         "effective_from": x.effective_from, "effective_to": x.effective_to,
                         "last_day": _day_before(x.effective_to), "status": xs, "status_label": STATUS_LABELS[xs],
                         "article_count": x.article_count, "current": x.id == v.id})
    headings = lib.store.headings(v)
    articles = lib.store.articles(v)
    present = [lv for lv in HEADING_LEVELS if any(h["level"] == lv for h in headings)]
    toc, hi = [], 0
    ordered = sorted(enumerate(headings), key=lambda ih: (ih[1]["first_article"], ih[0]))
    for i, art in enumerate(articles):
        while hi < len(ordered) and ordered[hi][1]["first_article"] <= i:
            seq, h = ordered[hi]
            toc.append({"type": "heading", "id": f"h{seq}", "level": h["level"], "label": h["label"],
                        "title": h["title"], "depth": present.index(h["level"]) if h["level"] in present else 0})
            hi += 1
        first = art.paragraphs[0] if art.paragraphs else None
        preview = (first.text or (first.items[0].text if first.items else "")) if first else ""
        toc.append({"type": "article", "id": f"a{art.slug}", "article": art.number, "suffix": art.suffix,
                    "label": art.label, "ref": str(Ref(law.key, v.effective_from, art.number, art.suffix)),
                    "preview": preview[:40] + ("…" if len(preview) > 40 else "")})
    history = [{"date": h.get("date"), "events": h.get("events", []), "text": h.get("text", "")}
               for h in lib.store.history(v)]
    return {"key": law.key, "title": law.title, "level": law.level, "region": law.region, "core": law.core,
            "as_of": date, "status": st, "status_label": STATUS_LABELS[st], "repealed_on": law.repealed_on,
            "repealed_by": law.repealed_by, "expired": law.expired,
            "version": {"version": v.effective_from, "version_date": v.version_date, "label": version_label(lib, v),
                        "effective_from": v.effective_from, "effective_to": v.effective_to,
                        "last_day": _day_before(v.effective_to), "article_count": v.article_count,
                        "status": lib.store.status(law, v, date),
                        "status_label": STATUS_LABELS[lib.store.status(law, v, date)]},
            "versions": versions, "history": history,
            "headings": [{"id": f"h{i}", **h} for i, h in enumerate(headings)],
            "toc": toc}


def _version_arg() -> str | None:
    d = arg_date("version")
    return d.isoformat() if d else None


@bp.get("/laws/<key>")
@access.area("search")
def law(key: str):
    as_of, version = _as_of(), _version_arg()
    lib = require_library()
    law_row, v, date = resolve_law(lib, key, as_of, version)
    data = law_json(lib, law_row, v, date)
    return render_template("search/law.html", law=data, as_of_arg=as_of)


@bp.get("/api/v1/laws/<key>")
@access.area("search")
def api_law(key: str):
    as_of, version = _as_of(), _version_arg()
    lib = require_library()
    law_row, v, date = resolve_law(lib, key, as_of, version)
    return jsonify(law_json(lib, law_row, v, date))


# -------------------------------------------------------------------------------------------- OpenAPI
def _err(desc):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(desc, schema):
    return {"description": desc, "content": {"application/json": {"schema": schema}}}


# a reference the server can parse (anything else is 400 bad_ref); the law part is any name without @ and /
REF_PATTERN = (f"^[^@/{PY_SPACE}]" r"[^@/]*(@[0-9]{4}-[0-9]{2}-[0-9]{2})?/[0-9]{1,5}(之[一二三四五六七八九十]{1,3})?"
               r"(/[0-9]{1,5}(/[0-9]{1,5}(/[0-9]{1,5})?)?)?$")
_S = {"type": "string"}
_NS = {"type": "string", "nullable": True}
_NI = {"type": "integer", "nullable": True}
_DATE = {"type": "string", "format": "date"}
_STATUS = {"type": "string", "enum": list(STATUS_LABELS)}
_AS_OF = {"name": "as_of", "in": "query", "schema": _DATE, "description": "效力判断日期 YYYY-MM-DD，默认今天"}
_ERRS = {"400": _err("参数有误（检索词为空或过长、日期格式错误、引用格式错误、未知法规筛选）"),
         "401": _err("未登录"), "409": _err("法规库尚未建立索引")}
_VERSION = {"type": "object", "required": ["version", "effective_from", "status"], "properties": {
    "version": _S, "version_date": _NS, "label": _S, "effective_from": _S, "effective_to": _NS, "last_day": _NS,
    "status": _STATUS, "status_label": _S, "article_count": {"type": "integer"}, "current": {"type": "boolean"},
    "ref": _NS}}
_NEIGHBOUR = {"type": "object", "nullable": True, "required": ["ref", "label"],
              "properties": {"ref": _S, "label": _S}}

OPENAPI = {
    "tags": [{"name": "search", "description": "法规检索、条文和法规"}],
    "components": {"schemas": {
        "SearchRow": {"type": "object", "required": ["kind"], "description":
                      "kind = article（条文）、law（法规本身）、notice（引用的条文不存在，见 message）；"
                      "handbook / procedure 为处罚裁量手册条目和执法程序章节", "properties": {
                          "kind": _S, "law": _NS, "law_key": _NS, "version": _NS, "article": _NI, "suffix": _NS,
                          "ref": _NS, "heading": _NS, "score": {"type": "number"}, "snippet": _NS,
                          "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"},
                                                                    "minItems": 2, "maxItems": 2}},
                          "status": _NS, "status_label": _NS, "citation": _NS, "message": _NS,
                          "deferred": {"type": "boolean", "description": "排在其他结果之后：效力日期尚未施行的条文，"
                                       "或依据条文在该日不在施行中的手册条目（见 note）"}, "note": _NS,
                          "violated": {"type": "array", "items": {"$ref": "#/components/schemas/GuideRef"}},
                          "basis": {"type": "array", "items": {"$ref": "#/components/schemas/GuideRef"}},
                          "focus": {"type": "object", "nullable": True, "properties": {
                              "paragraph": _NI, "item": _NI}}}},
        "GuideRef": {"type": "object", "required": ["ref", "citation", "status"], "description":
                     "手册条目引用的条文：按条目编写所依据的现行文本，status 为该版本在效力日期的状态", "properties": {
                         "ref": _S, "citation": _S, "dated": _NS, "version": _NS, "status": _STATUS,
                         "status_label": _S}},
        "SearchResult": {"type": "object", "required": ["query", "as_of", "total", "offset", "limit", "results"],
                         "properties": {
                             "query": _S, "as_of": _S, "total": {"type": "integer", "minimum": 0},
                             "offset": {"type": "integer"}, "limit": {"type": "integer"},
                             "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchRow"}},
                             "understood": {"type": "object"}, "elapsed_ms": {"type": "number"}}},
        "ArticleItem": {"type": "object", "required": ["number", "text", "ref"], "properties": {
            "number": {"type": "integer"}, "text": _S, "ref": _S,
            "subitems": {"type": "array", "items": _S}}},
        "ArticleParagraph": {"type": "object", "required": ["number", "text", "ref", "items"], "properties": {
            "number": {"type": "integer"}, "text": _S, "ref": _S,
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleItem"}}}},
        "LawVersion": _VERSION,
        "Article": {"type": "object", "required": ["law", "law_key", "version", "article", "ref", "citation",
                                                   "status", "paragraphs", "versions"], "properties": {
            "law": _S, "law_key": _S, "level": _NS, "region": _NS, "version": _S, "version_date": _NS,
            "effective_from": _S, "effective_to": _NS, "status": _STATUS, "status_label": _S, "as_of": _S,
            "article": {"type": "integer"}, "suffix": _NS, "label": _S, "ref": _S, "citation": _S,
            "heading": _S, "headings": {"type": "array", "items": _S},
            "paragraphs": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleParagraph"}},
            "single_paragraph": {"type": "boolean"}, "text": _S,
            "focus": {"type": "object", "nullable": True, "properties": {
                "paragraph": _NI, "item": _NI, "subitem": _NI}},
            "focus_ref": _S, "focus_citation": _S,
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/LawVersion"}},
            "previous": _NEIGHBOUR, "next": _NEIGHBOUR,
            "law_status": _STATUS, "law_status_label": _S, "repealed_on": _NS, "repealed_by": _NS,
            "comparisons": {"type": "array", "items": {"type": "object"},
                            "description": "compare=1 时：其他版本中对应的条文及逐字差异"}}},
        "Law": {"type": "object", "required": ["key", "title", "status", "version", "versions", "history", "toc"],
                "properties": {
                    "key": _S, "title": _S, "level": _NS, "region": _NS, "core": {"type": "boolean"}, "as_of": _S,
                    "status": _STATUS, "status_label": _S, "repealed_on": _NS, "repealed_by": _NS,
                    "expired": {"type": "boolean"}, "version": _VERSION,
                    "versions": {"type": "array", "items": {"$ref": "#/components/schemas/LawVersion"}},
                    "history": {"type": "array", "items": {"type": "object", "properties": {
                        "date": _NS, "events": {"type": "array", "items": _S}, "text": _S}}},
                    "headings": {"type": "array", "items": {"type": "object"}},
                    "toc": {"type": "array", "items": {"type": "object", "required": ["type", "id"], "properties": {
                        "type": {"type": "string", "enum": ["heading", "article"]}, "id": _S, "label": _S,
                        "title": _S, "level": _S, "depth": {"type": "integer"}, "ref": _S, "preview": _S,
                        "article": {"type": "integer"}, "suffix": _NS}}}}},
        "LawSuggestion": {"type": "object", "required": ["key", "title"], "properties": {
            "key": _S, "title": _S, "level": _NS, "region": _NS, "core": {"type": "boolean"}, "matched": _S,
            "repealed": {"type": "boolean"}}},
    }},
    "paths": {
        "/api/v1/search": {"get": {
            "tags": ["search"], "summary": "检索法规条文（识别条文引用、法规简称、口语说法）", "operationId": "search",
            "parameters": [
                {"name": "q", "in": "query", "required": True,
                 "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY, "pattern": NON_BLANK},
                 "description": "检索词，如 安法102条、煤气罐放在地下室"},
                {"name": "law", "in": "query", "schema": {"type": "string", "maxLength": MAX_NAME},
                 "description": "限定法规（名称、简称）"},
                {"name": "level", "in": "query", "schema": {"type": "string", "maxLength": 20},
                 "description": "效力级别：法律、行政法规、地方性法规、司法解释、部门规章"},
                {"name": "region", "in": "query", "schema": {"type": "string", "maxLength": 20}},
                {"name": "status", "in": "query", "schema": _STATUS},
                _AS_OF,
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000}}],
            "responses": {"200": _ok("检索结果", {"$ref": "#/components/schemas/SearchResult"}), **_ERRS,
                          "404": _err("筛选的法规不存在，或引用的条文序号不可能存在")}}},
        "/api/v1/laws": {"get": {
            "tags": ["search"], "summary": "法规名称提示（标题、简称）", "operationId": "search_law_names",
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 50}},
                           {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}}],
            "responses": {"200": _ok("法规", {"type": "object", "required": ["query", "laws"], "properties": {
                "query": _S, "laws": {"type": "array", "items": {"$ref": "#/components/schemas/LawSuggestion"}}}}),
                **_ERRS}}},
        "/api/v1/laws/{key}": {"get": {
            "tags": ["search"], "summary": "一部法规：版本、历史沿革、目录", "operationId": "search_law",
            "parameters": [{"name": "key", "in": "path", "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_NAME * 2},
                            "description": "法规名称（去掉“中华人民共和国”）、全称或简称"},
                           _AS_OF,
                           {"name": "version", "in": "query", "schema": _DATE, "description": "版本的施行日期"}],
            "responses": {"200": _ok("法规", {"$ref": "#/components/schemas/Law"}), **_ERRS,
                          "404": _err("没有该法规或版本")}}},
        "/api/v1/articles/{ref}": {"get": {
            "tags": ["search"], "summary": "一条条文（含各版本、前后条、款项定位）", "operationId": "search_article",
            "parameters": [{"name": "ref", "in": "path", "required": True, "schema": {
                "type": "string", "maxLength": MAX_REF, "pattern": REF_PATTERN},
                            "example": "安全生产法@2021-09-01/99/1/2",
                            "description": "规范引用 法规[@施行日期]/条[/款[/项[/目]]]，如 安全生产法@2021-09-01/99/1/2"},
                           _AS_OF,
                           {"name": "compare", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]},
                            "description": "1 = 附上其他版本中对应条文的逐字比较"}],
            "responses": {"200": _ok("条文", {"$ref": "#/components/schemas/Article"}), **_ERRS,
                          "404": _err("没有该法规、版本、条、款或项")}}},
    },
}
