# The command line's summaries.

CliChecked = checked { $files } rule { $files ->
    [one] file
   *[other] files
    }: { $errors } { $errors ->
    [one] error
   *[other] errors
    }, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
    }
CliTally = { $passed } passed, { $failed } failed
CliCannotEvaluate = `{ $file }` cannot be evaluated: { $summary }
CliTestFailed = FAIL { $name } — { $origin }
CliFileDoesNotCompile = FAIL { $name }: the rule file does not compile
CliFileFailed = FAIL { $name }: { $problem }
CliMismatch = { $what }: expected { $expected }, actual { $actual }
CliFmtWouldReformat = would reformat { $file }
CliFmtSummary = { $changed } of { $files } rule { $files ->
    [one] file
   *[other] files
    } would be reformatted; `tieuchi fmt` rewrites them
