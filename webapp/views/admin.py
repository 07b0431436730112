"""System administration: units (执法单位) and user accounts. Users are never deleted (the audit trail and case
files refer to them): they are deactivated."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from .. import access, audit, auth, db
from ..errors import UserError

bp = Blueprint("admin", __name__, url_prefix="/admin")


def unit_of_unit(unit_id: int):
    with db.read() as conn:
        row = conn.execute(sa.select(db.units.c.id).where(db.units.c.id == unit_id)).first()
    return row.id if row else None


def unit_of_user(user_id: int):
    with db.read() as conn:
        row = conn.execute(sa.select(db.users.c.unit_id).where(db.users.c.id == user_id)).first()
    return row.unit_id if row else None


def _user_or_404(conn, user_id: int) -> dict:
    user = auth.get_user(conn, user_id=user_id)
    if user is None:
        raise UserError("用户不存在。", code="not_found", status=404)
    return user


def _units(conn):
    return conn.execute(sa.select(db.units).order_by(db.units.c.id)).mappings().all()


@bp.get("/")
@access.area("admin")
def index():
    return redirect(url_for("admin.users"))


# ------------------------------------------------------------------------------------------------ units
@bp.get("/units")
@access.area("admin")
def units():
    with db.read() as conn:
        rows = _units(conn)
        counts = dict(conn.execute(sa.select(db.users.c.unit_id, sa.func.count()).group_by(db.users.c.unit_id)).all())
    return render_template("admin/units.html", units=rows, counts=counts)


UNIT_FIELDS = ("name", "short_name", "review_authority", "court", "location")


def _benchmark_choices():
    """Loaded 裁量基准, the more local first (a city's or province's refines the national one)."""
    from ..library import benchmarks
    items = list(benchmarks().benchmarks.values())
    return sorted(items, key=lambda b: (b.scope == "全国", b.scope, b.id))


def _chosen_benchmarks(choices) -> list[str]:
    """The ticked ids in the order of the choices (the unit's priority); an unknown id is refused."""
    ticked = set(request.form.getlist("benchmarks"))
    known = {b.id for b in choices}
    unknown = ticked - known
    if unknown:
        raise UserError(f"没有编号为“{'、'.join(sorted(unknown))}”的裁量基准。", code="unknown_benchmark")
    return [b.id for b in choices if b.id in ticked]


@bp.route("/units/new", methods=["GET", "POST"])
@access.area("admin")
def unit_new():
    form = {k: request.form.get(k, "").strip() for k in UNIT_FIELDS}
    choices = _benchmark_choices()
    form["benchmarks"] = ",".join(request.form.getlist("benchmarks"))
    if request.method == "GET":
        return render_template("admin/unit_form.html", form=form, unit=None, choices=choices)
    try:
        chosen = _chosen_benchmarks(choices)
        with db.begin() as conn:
            auth.create_unit(conn, **{k: form[k] for k in UNIT_FIELDS}, benchmarks=chosen)
    except UserError as exc:
        return render_template("admin/unit_form.html", form=form, unit=None, error=exc.message,
                               choices=choices), exc.status
    flash(f"已新建单位“{form['name']}”。", "success")
    return redirect(url_for("admin.units"))


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@access.area("admin", unit_of=unit_of_unit)
def unit_edit(unit_id: int):
    with db.read() as conn:
        unit = dict(conn.execute(sa.select(db.units).where(db.units.c.id == unit_id)).mappings().one())
    choices = _benchmark_choices()
    if request.method == "GET":
        return render_template("admin/unit_form.html", form=unit, unit=unit, choices=choices)
    form = {k: request.form.get(k, "").strip() for k in UNIT_FIELDS}
    form["benchmarks"] = ",".join(request.form.getlist("benchmarks"))
    try:
        form["benchmarks"] = ",".join(_chosen_benchmarks(choices))
        if not form["name"] or not form["short_name"]:
            raise UserError("单位名称和简称不能为空。", code="missing_field")
        with db.begin() as conn:
            clash = conn.execute(sa.select(db.units.c.id).where(db.units.c.name == form["name"],
                                                                db.units.c.id != unit_id)).first()
            if clash:
                raise UserError(f"单位“{form['name']}”已存在。", code="duplicate_unit", status=409)
            values = {k: form[k][:200] for k in UNIT_FIELDS}
            values["location"] = auth.unit_location(form["location"])
            values["benchmarks"] = form["benchmarks"]
            conn.execute(db.units.update().where(db.units.c.id == unit_id).values(**values))
            audit.record("update", "unit", unit_id, before={k: unit[k] for k in (*UNIT_FIELDS, "benchmarks")},
                         after=values, conn=conn, unit_id=unit_id)
    except UserError as exc:
        return render_template("admin/unit_form.html", form=form, unit=unit, error=exc.message,
                               choices=choices), exc.status
    flash("单位信息已保存。", "success")
    return redirect(url_for("admin.units"))


# ------------------------------------------------------------------------------------------------ users
@bp.get("/users")
@access.area("admin")
def users():
    q = auth.user_query().order_by(db.units.c.id, db.users.c.username)
    unit_filter = request.args.get("unit_id", type=int)
    if unit_filter:
        q = q.where(db.users.c.unit_id == unit_filter)
    with db.read() as conn:
        rows = conn.execute(q).mappings().all()
        units = _units(conn)
    return render_template("admin/users.html", users=rows, units=units, unit_filter=unit_filter)


USER_FIELDS = ("username", "display_name", "role", "unit_id", "cert_no")


def _user_form():
    form = {k: request.form.get(k, "").strip() for k in USER_FIELDS}
    try:
        form["unit_id"] = int(form["unit_id"]) if form["unit_id"] else None
    except ValueError:
        form["unit_id"] = None
    return form


@bp.route("/users/new", methods=["GET", "POST"])
@access.area("admin")
def user_new():
    with db.read() as conn:
        units = _units(conn)
    if request.method == "GET":
        form = {"role": "officer", "unit_id": g.user["unit_id"]}
        return render_template("admin/user_form.html", form=form, units=units, user=None)
    form = _user_form()
    try:
        if form["unit_id"] is None:
            raise UserError("请选择单位。", code="missing_field")
        with db.begin() as conn:
            _uid, password = auth.create_user(conn, form["username"], form["display_name"], form["role"],
                                              form["unit_id"], form["cert_no"])
    except UserError as exc:
        return render_template("admin/user_form.html", form=form, units=units, user=None, error=exc.message), \
            exc.status
    return render_template("admin/password_shown.html", username=form["username"], password=password)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@access.area("admin", unit_of=unit_of_user)
def user_edit(user_id: int):
    with db.read() as conn:
        user = _user_or_404(conn, user_id)
        units = _units(conn)
    if request.method == "GET":
        return render_template("admin/user_form.html", form=user, units=units, user=user)
    form = _user_form()
    form["username"] = user["username"]
    form["active"] = request.form.get("active") == "1"
    try:
        if form["unit_id"] is None:
            raise UserError("请选择单位。", code="missing_field")
        auth.validate_user_fields(user["username"], form["display_name"], form["role"], form["cert_no"])
        with db.begin() as conn:
            if conn.execute(sa.select(db.units.c.id).where(db.units.c.id == form["unit_id"])).first() is None:
                raise UserError("所选单位不存在。", code="bad_unit")
            if user["role"] == "admin" and (form["role"] != "admin" or not form["active"]):
                others = conn.execute(sa.select(sa.func.count()).select_from(db.users).where(
                    db.users.c.role == "admin", db.users.c.active.is_(True), db.users.c.id != user_id)).scalar()
                if not others:
                    raise UserError("不能停用或降级最后一个系统管理员。", code="last_admin", status=409)
            keys = ("display_name", "role", "unit_id", "cert_no", "active")
            before = {k: user[k] for k in keys}
            after = {"display_name": form["display_name"][:100], "role": form["role"], "unit_id": form["unit_id"],
                     "cert_no": (form["cert_no"] or "")[:40] or None, "active": form["active"]}
            values = dict(after)
            if (before["role"], before["unit_id"], bool(before["active"])) != (after["role"], after["unit_id"],
                                                                              after["active"]):
                values["auth_version"] = db.users.c.auth_version + 1    # end the user's sessions
            conn.execute(db.users.update().where(db.users.c.id == user_id).values(**values))
            auth.forget_user(user_id)
            audit.record("update", "user", user_id, before=before, after=after, conn=conn, unit_id=form["unit_id"])
    except UserError as exc:
        form.update(id=user_id)
        return render_template("admin/user_form.html", form=form, units=units, user=user, error=exc.message), \
            exc.status
    flash("用户信息已保存。", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reset-password")
@access.area("admin", unit_of=unit_of_user)
def user_reset_password(user_id: int):
    with db.begin() as conn:
        user = _user_or_404(conn, user_id)
        password = auth.generate_password()
        auth.set_password(conn, user, password, must_change=True, action="password_reset")
    return render_template("admin/password_shown.html", username=user["username"], password=password)
