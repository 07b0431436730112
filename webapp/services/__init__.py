"""The services that act on cases and learners: Flask-free, called alike by the web views, the JSON API, the
CLI and the tests.

- `drafting`  enforcement documents (执法文书) from a case's facts, validation, the case file
- `study`     study units, question bank, spaced repetition, mock exams for trainees

The law itself (parsing, index, search, citation resolution, the penalty handbook) is read by `indexer/`;
nothing here imports Flask (tests/house/test_import_graph.py keeps it so)."""
