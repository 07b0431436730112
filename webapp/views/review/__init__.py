"""Citation checker for legal reviewers (issue 5): the 引用审核 page and its API.

    /review/                    paste a document or upload .docx / .txt, optional document date
    POST /review/               the checked document: each citation marked by status colour, a summary table,
                                per citation the article text of the version in force on the document date,
                                the quote diff and suggestions (review/review.js opens them on click)
    POST /review/export         the review as a draft 法制审核意见, Markdown or .docx (recorded in the audit trail)
    POST /api/v1/citations/check  JSON {"text", "date", "act_date"} or multipart (file, date, act_date): the
                                checker's stable JSON (act_date: when the act was done; substance is judged by
                                the law of that day, procedure by the document's date)

The checking itself is indexer.citations (the same pipeline as `lawdesk cite check`); what the page shows
around it (the articles of each citation, the counts, the API's locations) is the Flask-free
webapp.services.citation_review. This package only reads input, renders and exports, one module per job:
`common` (blueprint, the app's checker, dates and documents from a request), `pages` (the page and the export),
`json_api` (the API) and `openapi` (its description). Access area "review": officers and reviewers; nothing
here belongs to a unit, so the checks run for whoever may use the area. Documents are not stored: the export
form sends the text back."""

from __future__ import annotations

from . import json_api, pages  # noqa: F401  (their routes register on bp)
from .common import bp
from .openapi import OPENAPI

__all__ = ["OPENAPI", "bp"]
