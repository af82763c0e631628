# Sentences for the whole of a failure.

CompileSummary = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    } in `{ $file }`
Quoted = `{ $text }`
TheString = the string `{ $text }`
Verbatim = { $text }

# The labels of a rendered problem: `error[code]: …`, `warning[code]: …`, `= help: …`. The code in
# brackets stays as it is in every language.
LabelError = error
LabelWarning = warning
LabelHelp = help
