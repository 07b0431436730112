"""The HTML pages: the catalogue (filter, search hits, pages by topic), an entry, its calculator, and the
procedures handbook."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from webapp.library import library

from ... import access
from ...services.handbook import browse, queries
from indexer.handbook.lenient import HARMS

from .common import (adopted, arg, bp, catalogue, entry_or_404, lenient_facts, lenient_for, list_arg, markdown_html,
                     search, section_or_404, unit_place)
from .common import calc as run_calc


@bp.get("/handbook/")
@access.area("handbook")
def index() -> ResponseReturnValue:
    cat = catalogue()
    lib = library()
    q, topic = arg("q"), arg("topic")
    hits = search(q)["results"] if q else None
    words = arg("f")
    listing = browse.paginate(queries.filtered(cat, topic, words), request.args.get("page", "1")[:10],
                              all_entries=cat.violations, present=lambda v: queries.row(lib, v))
    return render_template("handbook/index.html", listing=listing, topics=cat.topics(), topic=topic, q=q, f=words,
                           hits=hits, total=len(cat.violations), sections=cat.sections,
                           library_missing=lib is None)


@bp.get("/handbook/entries/<entry_id>")
@access.area("handbook")
def entry(entry_id: str) -> ResponseReturnValue:
    from indexer.handbook.present import entry_detail
    v = entry_or_404(entry_id)
    lib = library()
    units = adopted()
    bm, rows = queries.adopted_for(v, units)
    return render_template("handbook/entry.html", e=entry_detail(lib, catalogue(), v), library_missing=lib is None,
                           benchmark=bm, rows=rows, adopted=units, lenient=lenient_for(v), place=unit_place())


@bp.get("/handbook/entries/<entry_id>/calc")
@access.area("handbook")
def calc(entry_id: str) -> ResponseReturnValue:
    v = entry_or_404(entry_id)
    cat = catalogue()
    circumstances, mitigation = list_arg("circumstance"), list_arg("mitigation")
    level, party = arg("level"), arg("party")
    result = None
    facts = lenient_facts(arg)
    if request.args.get("run"):
        result = run_calc(v, circumstances, mitigation, level, party, facts)
    rules = [cat.rules[m] for m in v.mitigation if m in cat.rules]
    units = adopted()
    bm, rows = queries.adopted_for(v, units)
    return render_template("handbook/calc.html", v=v, levels=queries.levels(v, rows), benchmark=bm, adopted=units,
                           rules=rules, result=result, chosen=set(circumstances),
                           chosen_rules=set(mitigation), level=level, party=party or "当事人",
                           lenient=lenient_for(v), facts=facts, harms=HARMS,
                           library_missing=library() is None)


@bp.get("/handbook/procedures")
@access.area("handbook")
def procedures() -> ResponseReturnValue:
    return render_template("handbook/procedures.html", sections=catalogue().sections)


@bp.get("/handbook/procedures/<slug>")
@access.area("handbook")
def procedure(slug: str) -> ResponseReturnValue:
    cat = catalogue()
    s = section_or_404(slug)
    i = cat.sections.index(s)
    return render_template("handbook/procedure.html", s=s, body=markdown_html(s.text), sections=cat.sections,
                           prev=cat.sections[i - 1] if i > 0 else None,
                           next=cat.sections[i + 1] if i + 1 < len(cat.sections) else None)
