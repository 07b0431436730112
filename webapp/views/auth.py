"""Login, logout, password change, personal API tokens."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from .. import access, audit, auth, db
from ..errors import UserError

bp = Blueprint("auth", __name__)


_safe_next = auth.safe_next


@bp.route("/login", methods=["GET", "POST"])
@access.area("public")
def login():
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if g.user:
            return redirect(next_url or url_for("home.index"))
        return render_template("auth/login.html", next=next_url, username="")
    username = request.form.get("username", "")
    try:
        user = auth.attempt_login(username, request.form.get("password", ""))
    except UserError as exc:
        return render_template("auth/login.html", next=next_url, username=username[:64], error=exc.message), \
            exc.status
    auth.login_session(user)
    if user["must_change_password"]:
        flash("这是您第一次登录或密码已被重置，请先设置新密码。", "info")
        return redirect(url_for("auth.password"))
    return redirect(next_url or url_for("home.index"))


@bp.post("/logout")
@access.area("account")
def logout():
    audit.record("logout", "user", g.user["id"])
    from flask import session
    session.clear()
    flash("您已安全退出。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@access.area("account")
def password():
    if request.method == "GET":
        return render_template("auth/password.html")
    current = request.form.get("current_password", "")
    new = request.form.get("new_password", "")
    repeat = request.form.get("new_password_repeat", "")
    error = None
    if not auth.verify_password(g.user["password_hash"], current):
        error = "当前密码不正确。"
    elif new != repeat:
        error = "两次输入的新密码不一致。"
    elif new == current:
        error = "新密码不能与当前密码相同。"
    else:
        error = auth.password_problem(new, g.user["username"])
    if error:
        return render_template("auth/password.html", error=error), 400
    with db.begin() as conn:
        auth.set_password(conn, g.user, new, must_change=False, action="password_change")
        user = auth.get_user(conn, user_id=g.user["id"])
    auth.login_session(user)          # the old sessions end (auth_version bumped); this one goes on
    flash("密码已修改。", "success")
    return redirect(url_for("home.index"))


@bp.get("/account")
@access.area("account")
def account():
    t = db.api_tokens
    with db.read() as conn:
        tokens = conn.execute(sa.select(t).where(t.c.user_id == g.user["id"], t.c.revoked_at.is_(None))
                              .order_by(t.c.id)).mappings().all()
    return render_template("auth/account.html", tokens=tokens, new_token=None)


@bp.post("/account/tokens")
@access.area("account")
def token_create():
    name = request.form.get("name", "").strip()
    if not name or len(name) > 100:
        raise UserError("请为令牌填写一个名称（最多 100 字）。", code="missing_field")
    with db.begin() as conn:
        token = auth.create_token(conn, g.user["id"], name)
        audit.record("token_create", "api_token", token.split("_")[1], after={"name": name}, conn=conn)
    t = db.api_tokens
    with db.read() as conn:
        tokens = conn.execute(sa.select(t).where(t.c.user_id == g.user["id"], t.c.revoked_at.is_(None))
                              .order_by(t.c.id)).mappings().all()
    return render_template("auth/account.html", tokens=tokens, new_token=token)


@bp.post("/account/tokens/<int:token_id>/revoke")
@access.area("account")
def token_revoke(token_id: int):
    t = db.api_tokens
    with db.begin() as conn:
        row = conn.execute(sa.select(t).where(t.c.id == token_id, t.c.user_id == g.user["id"],
                                              t.c.revoked_at.is_(None))).mappings().first()
        if row is None:
            raise UserError("令牌不存在或已撤销。", code="not_found", status=404)
        conn.execute(t.update().where(t.c.id == token_id).values(revoked_at=db.utcnow()))
        audit.record("token_revoke", "api_token", row["token_id"], before={"name": row["name"]}, conn=conn)
    flash("令牌已撤销。", "success")
    return redirect(url_for("auth.account"))
