"""Drafting enforcement documents (执法文书): Flask-free services shared by the CLI and the web.

- model       the case (案件) as dataclasses, JSON (de)serialisation, the JSON schema
- ids         统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643) check digits
- cnformat    amounts in Chinese capitals (壹万贰仟元整) and figures, dates in Chinese form
- numbering   document numbers （杭拱）应急罚〔2026〕12号: per unit, 文书代字 and year, never reused
- lawtext     exact statute text of the version in force on the violation date, 从旧兼从轻, fine ranges
- catalogue   the violation catalogue (discretion levels) as drafting needs it
- context     every template placeholder and its value for a case
- templates   the editable form specs in doc_templates/: load, check, fill
- validate    the rules that block (errors) or need confirmation (warnings) before a document is produced
- docx_out    python-docx output in the official layout; the case file with 卷内目录
- export      HTML preview and Markdown export
- service     `Drafter`: the one entry point (prepare / produce / casefile)

Nothing here imports Flask (tests/drafting/test_no_flask.py keeps it so)."""
