"""Penalty provisions parsed from the statute text.

A penalty paragraph (款) of a 法律责任 / 罚则 chapter reads like::

    生产经营单位有下列行为之一的，责令限期改正，处五万元以下的罚款；逾期未改正的，处五万元以上二十万元
    以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的罚款；情节严重的，责令
    停产停业整顿；构成犯罪的，依照刑法有关规定追究刑事责任：（一）…（二）…

`parse_paragraph` turns it into a `Provision`: the *trigger* (who does what: subject, behaviours — the
listed 项 or the sentence itself — and the articles violated), and *clauses*: each clause is one subject
under one set of conditions with its sanctions (警告, 罚款 as a yuan range or as a ratio of a basis such as
违法所得 or 上一年年收入, 没收, 责令改正, 责令停产停业整顿, 暂扣/吊销, 关闭, 拘留, 追究刑事责任 …).

How the text is read (everything is a pure function of the article):
- a paragraph is split into segments at ；/。 and segments into chunks at ，;
- the chunks before the first sanction chunk are the trigger; a chunk after it that is not a sanction
  (normally ending in 的: 逾期未改正的, 情节严重的, 构成犯罪的) sets the conditions of the following sanctions;
  conditions reset at each segment;
- a sanction chunk may start with 由…部门 (the authority), 并/可以, and 对X (a different subject, e.g. the
  directly responsible persons); the subject switch lasts while the following chunks continue with 并处/处;
- items (项) that carry their own sanctions (安全生产法 第九十五条: 发生一般事故的，处上一年年收入百分之四十的
  罚款) become clauses with the item's condition; otherwise items are the behaviours;
- 依照前款规定处罚 / 依照本条第一款的规定予以处理、处罚 are referrals: `resolve_article` copies the referred
  paragraph's clauses into the referring provision (marked `inherited_from`).

Nothing is stored: parsing the penalty chapters of the whole core collection takes a fraction of a second;
`provisions_for_version` keeps the result in memory per (store file, version id).

The package, one module per job (each imports only the ones above it): `kinds` (sanction kinds), `roles`
(subjects), `fines` (amounts), `sanctions` (one chunk's measures), `conditions`, `provisions` (what a parsed
paragraph is), `parse` (reading a paragraph), `scope` (which articles, and looking provisions up in a library),
`report` (how well the chapters parse). Import the public names from here."""

from __future__ import annotations

from .kinds import (ADMINISTRATIVE_PENALTIES, BAN, CIVIL, CLOSE, CONFISCATE, CORRECT, CRIMINAL, CRIMINAL_KEYS,
                    CRIMINAL_LEVELS, CRITICISM, DAILY, DETAIN_LICENCE, DETENTION, DISCIPLINE, DISQUALIFY,
                    DOWNGRADE, EDUCATION, ENFORCE, FINE, KINDS, PENALTY_HEADINGS, PUBLIC_SECURITY, REFERRAL,
                    REVOKE, STOP, SUSPEND, WARNING)
from .roles import ANY_ROLE, PERSON_ROLES, UNIT_ROLES, classify_role, roles_compatible, roles_in, subject_of
from .fines import Fine, format_ratio, format_yuan, parse_fine, ratio, yuan
from .sanctions import Chunk, Sanction, is_sanction_chunk, parse_sanctions, read_chunk
from .conditions import CONDITION_TYPES, condition_types
from .provisions import Behaviour, Clause, Provision
from .parse import is_procedural, parse_paragraph, resolve_article, violated_refs
from .scope import (all_provisions, in_penalty_chapter, in_scope, parse_version, penalty_articles, provision,
                    provisions_for_version, scoped_versions)
from .report import ParseReport, parse_report

__all__ = [
    "ADMINISTRATIVE_PENALTIES", "BAN", "CIVIL", "CLOSE", "CONFISCATE", "CORRECT", "CRIMINAL", "CRIMINAL_KEYS",
    "CRIMINAL_LEVELS", "CRITICISM", "DAILY", "DETAIN_LICENCE", "DETENTION", "DISCIPLINE", "DISQUALIFY",
    "DOWNGRADE", "EDUCATION", "ENFORCE", "FINE", "KINDS", "PENALTY_HEADINGS", "PUBLIC_SECURITY", "REFERRAL",
    "REVOKE", "STOP", "SUSPEND", "WARNING", "ANY_ROLE", "PERSON_ROLES", "UNIT_ROLES", "classify_role",
    "roles_compatible", "roles_in", "subject_of", "Fine", "format_ratio", "format_yuan", "parse_fine", "ratio",
    "yuan", "Chunk", "Sanction", "is_sanction_chunk", "parse_sanctions", "read_chunk", "CONDITION_TYPES",
    "condition_types", "Behaviour", "Clause", "Provision", "is_procedural", "parse_paragraph", "resolve_article",
    "violated_refs", "all_provisions", "in_penalty_chapter", "in_scope", "parse_version", "penalty_articles",
    "provision", "provisions_for_version", "scoped_versions", "ParseReport", "parse_report"
]
