"""The home page: what this user can do here."""

from __future__ import annotations

from flask import Blueprint, render_template

from .. import access

bp = Blueprint("home", __name__)

# cards on the home page: (endpoint, title, description, area); shown when the endpoint exists and is allowed
CARDS = [
    ("search.index", "法规检索", "按条文、关键词或违法行为查找法律法规，查看历史版本。", "search"),
    ("handbook.index", "处罚裁量手册", "违法行为的违反条款、处罚依据和裁量基准。", "handbook"),
    ("cases.index", "案件与执法文书", "登记案件，生成、校验并导出执法文书。", "cases"),
    ("review.index", "引用审核", "检查文书中引用的法律条文是否存在、是否现行有效。", "review"),
    ("study.index", "学习与测验", "学习单元、练习题、错题本和模拟考试。", "study"),
    ("audit.index", "执法全过程记录", "查看登录、修改、生成、导出、审核等操作记录。", "audit"),
    ("admin.index", "系统管理", "管理执法单位和用户账户。", "admin"),
]


@bp.get("/")
@access.area("account")
def index():
    from flask import current_app
    cards = [(ep, title, desc) for ep, title, desc, area_name in CARDS
             if ep in current_app.view_functions and access.can(area_name)]
    return render_template("home.html", cards=cards)
