# What is wrong with a case file (`NAME.cases.json`) as `tieuchi test` reads it.

CaseFileBothTargets = a case file names either `ruleset` (the cases are for that rule set) or `family` (each case runs against the version in force on its `on`), not both
CaseFileNoTarget = a case file names what its cases are for: `"ruleset": ID` (one rule set) or `"family": ID` (the version in force on each case's `on`)
CaseFileNotRead = line { $line }, column { $column }: { $problem }
CaseFileNotReadAnywhere = { $problem }
CaseExpectNotObject = case `{ $name }`: `expect` must be an object of names to values
CaseUnknownStatus = case `{ $name }`: unknown status { $value }
CaseDecidedByOneOf = case `{ $name }`: `{ $key }` is one of { $values }, not { $value }
CaseCitationNotText = case `{ $name }`: `{ $key }` is the citation's text (or `null` for none), not { $value }
CaseLayerNotId = case `{ $name }`: `{ $key }` is a rule set id, not { $value }
CaseWhatItTakesNotObject = case `{ $name }`: `{ $key }` is an object of tier ids (and `pending`), not { $value }
CaseOnNotDate = case `{ $name }`: `on` is not a date: `{ $text }`
CaseFamilyNeedsOn = case `{ $name }`: a family file chooses the version by the case's date; give `on`
CaseRecordOwnOn = case `{ $name }`: a record gives its own `on` ({ $on }); in a family file every record is evaluated on the case's `on`
CaseBatchExpectsList = case `{ $name }`: a batch expects a list, one object per record
CaseBatchCount = case `{ $name }`: { $records } records but { $expectations } expectations
CaseGivenOrBatch = case `{ $name }`: give either `given` (one record) or `batch` (records)
CaseNoRuleSetBeside = no rule set `{ $id }` among the rule files given (looked beside the case file first)
CaseNoRuleSetFamily = no rule set `{ $id }` among the rule files given (a family is named by any of its versions)
# A test case that failed: what it expected and what it got.
TestVersionInForce = a version in force
TestNoVersionChosen = no version chosen: error[{ $code }]: { $problem }
TestAResult = a result
TestAResultTier = a result ({ $tier })
TestNotRated = not rated
TestNotDeterminable = not determinable (missing { $missing })
TestNotAName = `{ $name }` is not an outcome, score or `let` of `{ $ruleset }`
TestRecord = record { $index }
TestRecordWhat = { $record }: { $what }
TestEvaluation = evaluation
TestFieldProblem = `{ $field }`: { $problem }
