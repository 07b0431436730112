"""案卷评查: review case files against the law and the procedure, automatically where a rule can be read from
the record (issue 13). No Flask: the CLI, the web and the tests call the same code.

- model     `CaseFile` (a case record and its documents), `Finding`, `CaseFileReview`
- checks    the checks only the whole file shows (required documents, 立案审批, 先调查后立案, 集体讨论, 结案,
            warnings confirmed away); each a pure function of the file
- numbering gaps in a unit's document numbers
- review    `review_case_file(file, drafter)`: the drafting validator over every document, then the file checks
- standard  the review standard (corpus/casereview/standard.toml) as dataclasses
- score     a review scored against the standard: automatic faults and the reviewer's deductions, per item
- demo      a synthetic year of case files for a demo unit, some with planted faults (the review's gold)"""
