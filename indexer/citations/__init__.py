"""Citation checking for legal review: tokenize → extract → resolve → verify → annotate.

Each stage is a function of its inputs (text, the law-name matcher, the read-only library), tested against gold
pairs in tests/citations and measured on the gold set by bench/citations.py:

- `tokens.tokenize(text)`                      citation tokens (law names, 第X条/款/项/目, anaphora)
- `extract.extract(text, names, context)`      citations with their spans, law source and provisions as written
- `resolve.Resolver`                           law, version in force on the date, provisions (existence)
- `verify.Verifier`                            quotes, old numbering, 违反/依据 pairing, built from
  `quotes` (normalising, closest passage, diff), `similarity` (which provision fits a text), `loaders`
  (renumbering tables, handbook links), `lists` (a citation's context) and `suggest` (the suggestion rules)
- `annotate.annotate(text, result)`            the document as segments / HTML with each citation marked
- `documents.read_document`, `document_date`   plain text and .docx input, the 落款 date
- `report.markdown(result)`, `report.docx(...)` the review as a draft 法制审核意见

`CitationChecker(lib).check(text, date)` runs the pipeline; `.to_dict()` is the stable JSON."""

from .checker import CheckResult, CitationChecker, citation_dict
from .extract import StatuteContext, extract

__all__ = ["CitationChecker", "CheckResult", "citation_dict", "StatuteContext", "extract"]
