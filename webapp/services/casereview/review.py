"""Review one case file: the drafting validator over every document the file holds or needs, then the
checks only the whole file shows (checks.py). Pure: the file and the drafter in, the findings out."""

from __future__ import annotations

from .checks import FILE_CHECKS, confirmed_warnings, required_documents
from .model import CaseFile, CaseFileReview, Finding


def validator_findings(cf: CaseFile, drafter) -> list[Finding]:
    """What the validator says about each document of the file, once per (code, message): the same rule
    (两名执法人员, 决定期限 …) is checked in several documents and reported where it is first met."""
    out, seen = [], set()
    for draft in drafter.casefile_docs(cf.case, allocate=False, check=True):
        for issue in draft.issues:
            key = (issue.code, issue.message)
            if key in seen:
                continue
            seen.add(key)
            out.append(Finding(issue.code, "fault" if issue.level == "error" else "warning", issue.message,
                               issue.basis, draft.spec.id, issue.field))
    return out


def review_case_file(cf: CaseFile, drafter) -> CaseFileReview:
    forms = drafter.forms()
    findings = validator_findings(cf, drafter)
    findings += required_documents(cf, forms, drafter.applicable, drafter.instances)
    for check in FILE_CHECKS:
        findings += check(cf)
    findings += confirmed_warnings(cf, {s.id: s.full_title for s in forms})
    return CaseFileReview(cf.label, findings)
