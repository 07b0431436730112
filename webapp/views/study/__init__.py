"""Study mode (issue 8): pages under /study and the JSON API under /api/v1/study.

The work is done by the Flask-free services in webapp/services/study; this package maps requests onto them, one
module per job: `pages` (a learner's pages), `trainer` (the trainer's pages and question review), `json_api`
(the JSON API) and `openapi` (its description). Access: area "study" (every logged-in user) for a trainee's own
study, area "training" (admin: every unit; reviewer: own unit) for the trainer's view and the review of questions
whose laws gained a new version. A trainee only ever sees their own records: every query is by `g.user["id"]`."""

from __future__ import annotations

from . import json_api, pages, trainer  # noqa: F401  (their routes register on bp)
from .common import bp, init_app
from .openapi import OPENAPI

__all__ = ["OPENAPI", "bp", "init_app"]
