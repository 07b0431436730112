"""Study mode for trainees (issue 8): Flask-free services.

- `units`      study units (corpus/training/units/*.md, TOML front matter), loading, validation, search
- `citations`  finding statute citations in prose and resolving them to dated article versions
- `render`     Markdown → HTML with every citation linked to `/articles/<dated canonical ref>`
- `questions`  the authored question bank (corpus/training/questions/*.toml): loading and validation
- `generate`   questions generated deterministically from the core statutes (cloze, "which article")
- `bank`       authored + generated questions with their dated dependencies; review flags
- `srs`        SM-2 spaced repetition
- `exam`       mock exam assembly and scoring
- `tables`     the study tables (SQLAlchemy Core; alembic revision 0501_study on branch "study")
- `repository` storage behind a small interface (SQLite / PostgreSQL through SQLAlchemy Core)
- `service`    the use cases the web views and the CLI call

Nothing in this package imports Flask (tests/study/test_flask_free.py checks it)."""
