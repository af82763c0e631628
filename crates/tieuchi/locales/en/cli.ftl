# The command line's help (`tieuchi --help`, `tieuchi COMMAND --help`) and its usage errors.
# Each command has `CliHelp<Command>`; each argument `CliHelp<Command><Argument>`, or
# `CliHelpArg<Argument>` where every command says the same of it.

CliHelpAbout = Check and evaluate Vietnamese public-sector evaluation rules
CliHelpUsage = Usage:
CliHelpCommands = Commands
CliHelpArguments = Arguments
CliHelpOptions = Options
CliHelpDefault = default: { $value }
CliHelpValues = values: { $values }

CliHelpCheck = Check rule files (or folders of them) and print every diagnostic.
CliHelpEval = Evaluate one evidence record (a JSON object; `-` reads standard input).
CliHelpBatch = Evaluate many records (JSON Lines, CSV or Parquet), applying population rules such as quotas. Every input record gives one output row: a result, or an error row naming the field.
CliHelpDiff = What a change of rules does to a population: the records through the rules before and after (two rule files, two versions, or two folders), one row per record with the tier and the deciding rule on each side, quotas applied on both; the transition matrix (from each result to each result, overall and per group) on standard error.
CliHelpInputs = Print the evidence a rule set reads.
CliHelpVerify = Evaluate a recorded result's evidence again and say whether the same result comes out: the rules' fingerprint first, then every part that differs. With a batch's rows (JSON Lines, or `--batch`), run the batch again over its records and compare every row. Exit 0 when reproduced, 1 when not, 2 when it cannot be checked.
CliHelpServe = Serve the rules over HTTP for other systems: evaluate, batch, rule sets, codes; the API description at /openapi.json. Reloads on SIGHUP or a file change; stops gracefully on SIGTERM.
CliHelpExplain = Explain a code (diagnostic, evidence, evaluation, selection, verification, argument, internal or finding), or list them all.
CliHelpFmt = Rewrite rule files (or folders of them) in the canonical layout, keeping every comment; `-` formats standard input to standard output.
CliHelpLsp = Run the language server of rule files over standard input and output (for editors: diagnostics as you type, hover, go to definition, completion, formatting, rename).
CliHelpTest = Run the `test` blocks of rule files and the `*.cases.json` files beside them.

CliHelpArgLang = The language of messages: `vi` (Vietnamese, the default) or `en`. Codes are the same in both.
CliHelpArgHelp = Print help
CliHelpArgVersion = Print version
CliHelpArgPaths = Rule files or folders.
CliHelpArgRules = A rule file, or a folder of them (a family of versions: the one in force is used).
CliHelpArgRuleset = Which rule set (or family) of the folder to use.
CliHelpArgEvidence = The evidence record (JSON); `-` reads standard input.
CliHelpArgInput = The records; `-` reads standard input.
CliHelpArgOutput = Where to write the rows (standard output if left out).
CliHelpArgFrom = The input format, if the file name does not tell it.
CliHelpArgTo = The output format, if the file name does not tell it (JSON Lines on standard output).
CliHelpArgOn = The evaluation date (YYYY-MM-DD); a record's own `on` wins.
CliHelpArgSet = Simulate another value of a parameter (`param`) of the rules: `--set nguong_htxs=85`; repeatable. Results name the values as overridden.
CliHelpArgSummary = The summary of outcomes printed on standard error at the end.
CliHelpArgFormat = The format of the result.
CliHelpArgErrorFormat = The format of errors and diagnostics.

CliHelpEvalNoTrace = Leave the condition-by-condition trace out of the JSON.
CliHelpEvalWhatItTakes = Add, for every tier better than the one reached, the changes of evidence that reach it, or the rule that keeps it out of reach.
CliHelpDiffBefore = The rules before the change: a rule file, or a folder of them.
CliHelpDiffAfter = The rules after the change.
CliHelpDiffRuleset = Which rule set (or family) of each folder to use.
CliHelpDiffChangedOnly = Only the records whose result changed.
CliHelpDiffSummary = The transition matrix printed on standard error at the end.
CliHelpDiffBeforeSet = A parameter (`param`) of the rules before, simulated: `--before-set nguong_htxs=85`; repeatable.
CliHelpDiffAfterSet = A parameter of the rules after, simulated: with the same rules on both sides, `--after-set nguong_htxs=85` is the impact of that value alone; repeatable.
CliHelpInputsOn = Choose the version in force on this date (YYYY-MM-DD).
CliHelpVerifyResult = The recorded result (`tieuchi eval`'s JSON), or a batch's rows (`tieuchi batch`'s JSON Lines).
CliHelpVerifyEvidence = The evidence it was made from, or the batch's records (JSON Lines, CSV or Parquet).
CliHelpVerifyRules = A rule file, or a folder of them, holding the rule set the result names.
CliHelpVerifyBatch = The result is a batch's rows (told by a `.jsonl` name or by its first line otherwise).
CliHelpVerifyRuleset = Rows: the family the batch was run with (`tieuchi batch --ruleset`), if the rows cannot tell.
CliHelpVerifyOn = Rows: the batch's evaluation date (`tieuchi batch --on`), if the rows cannot tell.
CliHelpVerifyFrom = Rows: the format of the records, if the file name does not tell it.
CliHelpExplainCode = The code to explain (left out: list them all).
CliHelpFmtCheck = Change nothing: list the files that are not formatted, show the difference, and exit 1 if there are any (for CI).
CliHelpFmtStdout = Print the formatted files instead of rewriting them.
CliHelpLspStdio = Accepted for clients that announce the transport; standard input and output is the only one.
CliHelpServeRules = The rule folder (or file) to serve; it must check without errors, and is watched for changes.
CliHelpServeHost = The address to listen on; without `--tls-cert`, put a TLS reverse proxy in front of anything but a loopback address.
CliHelpServePort = The port (0 picks a free one; the startup line names it).
CliHelpServeTokens = Bearer tokens: one `TOKEN SCOPE,SCOPE… [CLIENT]` a line; scopes are evaluate, batch, rules, reload.
CliHelpServeNoAuth = Let every caller do everything: only on a loopback address.
CliHelpServeTlsCert = Serve HTTPS with this PEM certificate chain (and `--tls-key`).
CliHelpServeTlsKey = The PEM private key of `--tls-cert`.
CliHelpServeDecisionLog = Append every decision to this JSON Lines file (request id, time, client, engine and rules, outcome, the evidence's SHA-256).
CliHelpServeLogEvidence = Put the evidence itself in the decision log too (personal data).
CliHelpServeCorsOrigins = Let browser pages from this origin call the service (repeatable); CORS is off without it.
CliHelpServeNoWatch = Do not reload when a rule file changes (SIGHUP and POST /v1/reload still reload).
CliHelpServeMaxBody = Bytes of a request body (a batch's aside).
CliHelpServeMaxBatchBody = Bytes of a batch's body.
CliHelpServeMaxBatchRecords = Records of one batch.
CliHelpServeTimeout = Seconds for one request (a batch's aside), waiting for its turn included.
CliHelpServeBatchTimeout = Seconds for one batch, to its last row.
CliHelpServeMaxConcurrency = Requests handled at once (batches aside); more wait their turn.
CliHelpServeMaxBatches = Batches run at once; more wait their turn.
CliHelpServeShutdownGrace = Seconds that requests in flight have to finish once SIGTERM or Ctrl-C arrives.

CliUsageUnknownArgument = there is no option `{ $argument }`
CliUsageUnknownCommand = there is no command `{ $command }`
CliUsageDidYouMean = did you mean `{ $suggestion }`?
CliUsageInvalidValue = `{ $value }` is not a value of `{ $argument }`
CliUsageValidValues = its values: { $values }
CliUsageBadValue = `{ $value }` is not a valid value of `{ $argument }`: { $reason }
CliUsageMissing = missing required arguments: { $arguments }
CliUsageConflict = `{ $argument }` cannot be used with `{ $other }`
CliUsageNeedsValue = `{ $argument }` needs a value
CliUsageTooMany = unexpected value `{ $value }`
CliUsageSeeHelp = See `{ $command } --help`.
