"""The services that act on cases and learners: Flask-free, called alike by the web views, the JSON API, the
CLI and the tests.

- `drafting`  enforcement documents (执法文书) from a case's facts, validation, the case file
- `study`     study units, question bank, spaced repetition, mock exams for trainees
- `handbook`  the penalty handbook's catalogue listing and what its pages and API ask of it
- `citation_review`  what the 引用审核 page and API show around the citation checker
- `credit`    信用修复: the rule in force, a case's class of 失信信息, the earliest application day, repairs
- `publication`  the public version of a penalty decision (personal information masked), its deadline, records
- `errors`    ServiceError, raised by each of them for a request they cannot carry out

The law itself (parsing, index, search, citation resolution, the penalty handbook) is read by `indexer/`;
nothing here imports Flask (tests/house/test_import_graph.py keeps it so)."""
