"""Publication of penalty decisions (issue 14.3). No Flask: the web, the CLI and the tests call the same code.

- masking   what personal information the public version hides, by field of the case model and in free text
- public    the public version of a case's 行政处罚决定书 (.docx and text)
- deadline  安全生产法 第七十八条 第二款: published within seven working days of the decision
- records   the publication record of a case (names added to be masked, when and where published), the list
            of decisions whose publication is due"""
