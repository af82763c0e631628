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
