"""A learner's pages: units, search, practice, the wrong-question book, progress and exams."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ... import access
from .common import bp, query_filters, service, uid


@bp.get("/study/")
@access.area("study")
def index():
    svc = service()
    progress = svc.progress(uid())
    return render_template("study/index.html", units=progress["units"], progress=progress,
                           library_missing=svc.library is None, exam=svc.exam_config,
                           stats=svc.stats() if access.can("training") else None)


@bp.get("/study/units/<unit_id>")
@access.area("study")
def unit(unit_id: str):
    svc = service()
    data = svc.unit(unit_id[:16])
    svc.mark_unit(uid(), data["id"])
    done = svc.units(uid())
    status: dict = next((u for u in done if u["id"] == data["id"]), {})
    ids = [u["id"] for u in done]
    i = ids.index(data["id"])
    return render_template("study/unit.html", unit=data, status=status, library_missing=svc.library is None,
                           prev_unit=done[i - 1] if i > 0 else None,
                           next_unit=done[i + 1] if i + 1 < len(done) else None)


@bp.post("/study/units/<unit_id>/done")
@access.area("study")
def unit_done(unit_id: str):
    service().mark_unit(uid(), unit_id[:16], completed=True)
    flash("已标记为学完。", "success")
    return redirect(url_for("study.unit", unit_id=unit_id[:16]))


@bp.get("/study/search")
@access.area("study")
def search():
    q = (request.args.get("q") or "").strip()[:100]
    results = service().search(q) if q else []
    return render_template("study/search.html", q=q, results=results)


@bp.get("/study/practice")
@access.area("study")
def practice():
    svc = service()
    filters = query_filters(request.args)
    bank = svc.bank()
    return render_template("study/practice.html", filters=filters, units=bank.units, topics=bank.topics(),
                           laws=bank.laws(), mode="wrongbook" if request.args.get("mode") == "wrongbook" else "practice")


@bp.get("/study/wrong-book")
@access.area("study")
def wrong_book():
    return render_template("study/wrong_book.html", items=service().wrong_book(uid()))


@bp.post("/study/wrong-book/remove")
@access.area("study")
def wrong_book_remove():
    qid = (request.form.get("question_id") or "")[:64]
    if service().remove_wrong(uid(), qid):
        flash("已从错题本移除。", "success")
    return redirect(url_for("study.wrong_book"))


@bp.get("/study/progress")
@access.area("study")
def progress():
    svc = service()
    return render_template("study/progress.html", progress=svc.progress(uid()), history=svc.exam_history(uid()))


@bp.get("/study/exam")
@access.area("study")
def exam_home():
    svc = service()
    history = svc.exam_history(uid())
    return render_template("study/exam_home.html", history=history, exam=svc.exam_config)


@bp.post("/study/exam/start")
@access.area("study")
def exam_start():
    view = service().start_exam(uid())
    return redirect(url_for("study.exam", exam_id=view["id"]))


@bp.get("/study/exams/<int:exam_id>")
@access.area("study")
def exam(exam_id: int):
    svc = service()
    view = svc.exam_view(uid(), exam_id)
    if view["finished"]:
        return render_template("study/exam_result.html", result=svc.exam_result(uid(), exam_id))
    return render_template("study/exam.html", exam=view)
