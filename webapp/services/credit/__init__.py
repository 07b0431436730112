"""信用修复 (issue 14.2). No Flask: the web, the CLI, the drafting context and the statistics call the same code.

- rules    the rule in force (corpus/credit/repair.toml), a case's class of 失信信息, the earliest date the firm
           may apply for credit repair
- records  the repair of a case as tracked (applied, repaired, refused) in table credit_repairs"""
