"""What a case-file review reads and what it finds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from webapp.services.drafting.model import Case

Severity = Literal["fault", "warning"]
SEVERITY_LABELS = {"fault": "问题", "warning": "提示"}


@dataclass(frozen=True)
class FiledDocument:
    """A generated document in the case file (its latest version), as the documents table records it."""
    form: str
    item: int                       # 1-based for per-item forms (询问笔录 …), else 0
    version: int
    number: str                     # 文书编号, "" for forms that are not numbered
    case_version: int               # the case version it was generated from
    confirmed: tuple[str, ...] = ()  # codes of the warnings the officer confirmed when generating it
    created_at: str = ""


@dataclass
class CaseFile:
    """One case file: the case record as it stands, its documents, and where it sits in the workflow."""
    case: Case
    documents: list[FiledDocument] = field(default_factory=list)
    status: str = "closed"
    case_version: int = 1
    label: str = ""                  # how the file is named in reports (案件编号 + 当事人)
    published_on: str = ""           # when the decision was published (YYYY-MM-DD; "" = not recorded)

    def document(self, form: str, item: int = 0) -> FiledDocument | None:
        found = [d for d in self.documents if d.form == form and d.item == item]
        return max(found, key=lambda d: d.version) if found else None


@dataclass(frozen=True)
class Finding:
    """One fault or warning in a case file. `rule` is the canonical ref of the provision enforced
    (行政处罚法/60), `form` the document it was found in ("" for the file as a whole)."""
    code: str
    severity: Severity
    message: str
    rule: str = ""
    form: str = ""
    field: str = ""

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message, "rule": self.rule,
                "form": self.form, "field": self.field}


@dataclass
class CaseFileReview:
    label: str
    findings: list[Finding]

    @property
    def faults(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "fault"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def codes(self, severity: Severity | None = None) -> set[str]:
        return {f.code for f in self.findings if severity is None or f.severity == severity}

    def to_dict(self) -> dict:
        return {"case": self.label, "faults": len(self.faults), "warnings": len(self.warnings),
                "findings": [f.to_dict() for f in self.findings]}
