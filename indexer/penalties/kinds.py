"""Sanction kinds (警告, 罚款, 责令改正 …), which of them are administrative penalties (行政处罚法 第九条), and
the penalty chapters' headings and the criminal laws that are out of scope."""

from __future__ import annotations

PENALTY_HEADINGS = ("法律责任", "罚则")
# Laws whose sanctions are criminal punishments, not administrative penalties: out of scope.
CRIMINAL_LEVELS = ("司法解释",)
CRIMINAL_KEYS = ("刑法", "刑事诉讼法")   # criminal law and procedure: not administrative penalties

# --------------------------------------------------------------------------- sanction kinds

WARNING = "警告"
FINE = "罚款"
CONFISCATE = "没收"
CORRECT = "责令改正"
SUSPEND = "责令停产停业整顿"
STOP = "责令停止"
DETAIN_LICENCE = "暂扣"
REVOKE = "吊销"
CLOSE = "关闭"
BAN = "取缔"
DETENTION = "拘留"
CRIMINAL = "追究刑事责任"
DISCIPLINE = "处分"
DISQUALIFY = "禁业"
PUBLIC_SECURITY = "治安管理处罚"
REFERRAL = "依照"
CIVIL = "民事责任"
CRITICISM = "通报批评"
EDUCATION = "批评教育"
DOWNGRADE = "降低资质等级"
DAILY = "按日连续处罚"
ENFORCE = "强制执行"

KINDS = (WARNING, CRITICISM, FINE, CONFISCATE, CORRECT, SUSPEND, STOP, DETAIN_LICENCE, REVOKE, CLOSE, BAN,
         DETENTION, CRIMINAL, DISCIPLINE, DISQUALIFY, PUBLIC_SECURITY, REFERRAL, CIVIL, EDUCATION,
         DOWNGRADE, DAILY, ENFORCE)
# Administrative penalties in the sense of 行政处罚法 第九条 (the rest are orders, referrals, other liability).
ADMINISTRATIVE_PENALTIES = (WARNING, CRITICISM, FINE, CONFISCATE, SUSPEND, DETAIN_LICENCE, REVOKE, CLOSE,
                            DETENTION, DISQUALIFY, DOWNGRADE, DAILY)
