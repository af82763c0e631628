# `tieuchi verify`: why a recorded result cannot be checked, and what the command prints.

VerifyNotAResult = the recorded result has no `{ $field }`; is it a result of `tieuchi eval`?
VerifyNotAResultHelp = give the JSON that `tieuchi eval` wrote, unchanged
VerifyBadDate = the recorded date `{ $text }` is not a date
VerifyBadDateHelp = a result records its evaluation date in `on` as YYYY-MM-DD; give the result as it was written
VerifyUnknownRuleSet = the rules given hold no rule set `{ $id }`; they hold { $available }
VerifyUnknownRuleSetHelp = give the rule files the result was made with
VerifyNotRows = line { $line } of the rows is not a batch row (a JSON object with `row`); is it the JSON Lines `tieuchi batch` wrote?
VerifyNotRowsHelp = only the JSON Lines rows of `tieuchi batch` (`-o rows.jsonl`) can be verified, not CSV or Parquet rows
VerifyUnreadable = cannot read the { $what }: { $problem }
VerifyUnreadableHelp = check that the file is whole and can be read, then run the command again
VerifyWhatRows = rows
VerifyWhatRecords = records
# What `tieuchi verify` prints.
CliVerifyReproduced = reproduced: `{ $ruleset }` (rules sha256 { $sha256 }, tieuchi { $engine })
CliVerifyNotReproduced = not reproduced: `{ $ruleset }`
CliVerifyDifference = { $path }: recorded { $recorded }, now { $now }
CliVerifyResultRulesChanged = the rule text is not the text the result was made with
CliVerifyRowsRulesChanged = the rule text is not the text the rows were made with
CliVerifyOtherEngine = another version of the engine
CliVerifyRunOn = on { $on } where a record gives no date
CliVerifyMadeWith = rules { $rules }; { $engine }
CliVerifyRowsReproduced = reproduced: all { $rows } rows
CliVerifyRowsNotReproduced = not reproduced: { $differing } of { $rows } rows differ
CliVerifyMoreRows = … and { $count } more { $count ->
    [one] row
   *[other] rows
    } (`--format json` lists them)
CliVerifyRowsTally = { $reproduced } of { $rows } rows reproduced; { $made }
CliVerifyRow = row { $row }
CliVerifyRowAtLine = row { $row } (line { $line })
CliVerifyNotARow = not a row: { $text }
CliVerifyRowNotRecorded = not recorded; the batch gives it now
CliVerifyRowGone = recorded; the batch no longer gives it
CliVerifyAlso = also { $columns }
CliVerifyAlsoMany = also { $columns }, … ({ $count } columns)
CliVerifyOptionsForRows = `--ruleset`, `--on` and `--from` are for a batch's rows; `{ $file }` is one result
CliVerifyReadTwice = the { $what } are read more than once: give a file, not `-`
CliVerifyFolder = `{ $file }` is a folder; give the file of { $what }
