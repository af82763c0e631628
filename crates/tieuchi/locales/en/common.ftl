# Sentences for the whole of a failure.

CompileSummary = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    } in `{ $file }`
Quoted = `{ $text }`
TheString = the string `{ $text }`
Verbatim = { $text }
