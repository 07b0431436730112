"""Cases and enforcement documents (issue 7): case list with status filters, the case wizard (party → facts →
violations found by search → penalty with the discretion calculator → documents), live preview, generation with
validation (errors block, warnings are confirmed and recorded in the audit trail), download, regeneration with a
version history, reviewer comments and 法制审核 approval before a decision can be issued.

All drafting work and the workflow rules live in the Flask-free webapp.services.drafting package (wizard, intake,
workflow); this package is the web glue, one module per job: `listing` (list, new, show), `steps` (the wizard's
steps and live preview), `documents` (preview page, generation, downloads), `review` (comments, submission,
法制审核). Access: area "cases" (officers and reviewers of the owning unit), "approve" (reviewers of the unit)
for approval."""

from __future__ import annotations

from . import documents, listing, review, steps  # noqa: F401  (their routes register on bp)
from .common import bp, init_app, ref_cn

__all__ = ["bp", "init_app", "ref_cn"]
