"""The search blueprint and what its views share: the library, request arguments, the lookups of a reference
or a law name as UserErrors, and highlighting a snippet."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from flask import Blueprint, g, request
from markupsafe import Markup, escape

from indexer import browse
from indexer.dates import STATUS_LABELS
from indexer.errors import LawError
from indexer.jurisdiction import Jurisdiction, JurisdictionError
from indexer.longquery import MAX_QUERY
from indexer.refs import Ref, RefError
from webapp.library import library

from ...api import arg_date
from ...errors import UserError

if TYPE_CHECKING:
    from indexer.service import ArticleView, LawLibrary
    from indexer.store import LawRow, VersionRow

bp = Blueprint("search", __name__)

PER_PAGE = 20
MAX_REACHABLE = 300           # indexer.search ranks at most this many candidates; pages beyond are empty
MAX_NAME = 100
MAX_REF = 300
# the HTTP status of each LawError code (any other: 400)
LAW_ERROR_STATUS = {"unknown_law": 404, "no_such_version": 404, "no_such_article": 404, "no_such_paragraph": 404,
                    "no_such_item": 404, "no_such_subitem": 404, "bad_article": 400, "bad_ref": 400,
                    "bad_date": 400, "not_built": 409, "bad_query": 400}


def require_library() -> LawLibrary:
    lib = library()
    if lib is None:
        raise UserError("法规库尚未建立索引，暂时无法检索。请管理员运行 lawdesk index。", code="library_not_built",
                        status=409)
    return lib


def law_error(exc: Exception, status: int | None = None) -> UserError:
    """indexer LawError / SearchError -> UserError with the right status."""
    code = getattr(exc, "code", "bad_request")
    return UserError(getattr(exc, "message", "请求有误。"), code=code, status=status or LAW_ERROR_STATUS.get(code, 400))


def text_arg(name: str, limit: int, label: str) -> str:
    value = (request.args.get(name) or "").strip()
    if len(value) > limit:
        raise UserError(f"参数 {label} 过长（最多 {limit} 字）。", code="invalid_parameter")
    return value


def date_arg(name: str) -> str | None:
    d = arg_date(name)
    return d.isoformat() if d else None


def as_of_arg() -> str | None:
    return date_arg("as_of")


def highlight(snippet: str, spans: Any) -> Markup:
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


# ----------------------------------------------------------------------------------------- the search query
@dataclasses.dataclass
class SearchArgs:
    q: str
    law: str
    level: str
    region: str
    status: str
    as_of: str | None
    where: Jurisdiction | None = None      # the place whose rules bind: ?where=, else the user's unit
    where_asked: str = ""                  # ?where= as typed (kept in links; the unit's place is not)
    elsewhere: bool = False                # other provinces' rules too

    def filters(self) -> dict[str, Any]:
        return {"law": self.law or None, "level": self.level or None, "region": self.region or None,
                "status": self.status or None, "as_of": self.as_of, "where": self.where,
                "elsewhere": self.elsewhere}

    def query_args(self, **extra: Any) -> dict[str, Any]:
        args = {"q": self.q, "law": self.law, "level": self.level, "region": self.region, "status": self.status,
                "as_of": self.as_of or "", "where": self.where_asked, "elsewhere": "1" if self.elsewhere else ""}
        args.update(extra)
        return {k: v for k, v in args.items() if v not in (None, "")}


def search_args() -> SearchArgs:
    q = (request.args.get("q") or "").strip()
    if len(q) > MAX_QUERY:
        raise UserError(f"检索内容过长：{len(q)} 字，最多 {MAX_QUERY} 字（可粘贴一段违法事实或检查记录）。",
                        code="bad_query")
    status = (request.args.get("status") or "").strip()
    if status and status not in STATUS_LABELS:
        raise UserError("参数 status 无效（in_force/superseded/repealed/not_yet）。", code="invalid_parameter")
    asked = text_arg("where", 100, "where")
    try:
        where = Jurisdiction.parse(asked or unit_location())
    except JurisdictionError as exc:
        raise UserError(exc.message, code=exc.code) from None
    return SearchArgs(q=q, law=text_arg("law", MAX_NAME, "law"), level=text_arg("level", 20, "level"),
                      region=text_arg("region", 20, "region"), status=status, as_of=as_of_arg(),
                      where=where, where_asked=asked, elsewhere=request.args.get("elsewhere") in ("1", "true", "on"))


def unit_location() -> str:
    """The signed-in user's unit's place (系统管理 → 单位 → 所在地区); "" when none is set."""
    user = g.get("user")
    return (user.get("unit_location") or "") if user else ""


def run_search(lib: LawLibrary, a: SearchArgs, limit: int, offset: int) -> dict[str, Any]:
    from indexer.search import SearchError

    # a level or region without laws simply finds nothing (the lists on the page come from the library)
    try:
        result: dict[str, Any] = lib.search(a.q, limit=limit, offset=offset, **a.filters())
    except SearchError as exc:
        raise law_error(exc, 400) from None
    except LawError as exc:        # unknown law in the filter (404), bad date (400)
        raise law_error(exc) from None
    return result


# ------------------------------------------------------------------------------------------- the lookups
def parse_ref(text: str) -> Ref:
    if len(text) > MAX_REF:
        raise UserError("条文引用过长。", code="bad_ref")
    try:
        return Ref.parse(text)
    except RefError as exc:
        raise UserError(str(exc), code="bad_ref") from None


def resolve_article(lib: LawLibrary, ref: Ref, as_of: str | None) -> tuple[ArticleView, browse.Focus | None]:
    """indexer.browse.resolve_article with its LawError as the UserError of its code."""
    try:
        return browse.resolve_article(lib, ref, as_of)
    except LawError as exc:
        raise law_error(exc) from None


def resolve_law(lib: LawLibrary, key: str, as_of: str | None,
                version: str | None) -> tuple[LawRow, VersionRow, str]:
    """indexer.browse.law_version with its LawError as the UserError of its code."""
    try:
        return browse.law_version(lib, key, as_of, version)
    except LawError as exc:
        raise law_error(exc) from None


def find_law(lib: LawLibrary, name: str) -> LawRow | None:
    try:
        return lib.find_law(name)
    except LawError:
        return None
