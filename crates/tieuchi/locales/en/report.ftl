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
CliCannotRead = cannot read `{ $file }`
CliCannotWrite = cannot write `{ $file }`
CliCannotWriteIn = cannot write in `{ $folder }`
CliOutputIsInput = the output `{ $file }` is the input; write the rows to another file
CliParquetNotStream = a Parquet input must be a file: Parquet is read from its end, not as a stream
CliRecordsFolder = `{ $file }` is a folder; give a file of records (JSON Lines, CSV or Parquet)
CliNoTempFile = cannot create a temporary file for the input
CliCannotSpool = cannot copy the input to a temporary file
CliNotParquet = `{ $file }` is not a Parquet file
CliUnknownInputFormat = cannot tell the input format of `{ $file }`; give --{ $flag } jsonl or --{ $flag } csv
CliUnknownOutputFormat = cannot tell the output format of `{ $file }`; give --{ $flag } jsonl or --{ $flag } csv
CliSimulation = simulation: parameters set with --set, not the rules' own: { $params }
CliCannotReadStdin = cannot read standard input
CliNotJson = `{ $file }` is not valid JSON
CliDoesNotExist = `{ $path }` does not exist
CliCannotReadFolder = cannot read the folder `{ $folder }`
CliCannotWriteBeside = cannot write beside `{ $file }`
CliCannotReplace = cannot replace `{ $file }`
CliFmtFormatted = { $file } (formatted)
CliNoRuleFile = no rule file under `{ $path }`
CliSetForm = `--set { $text }` should be `--set ID=VALUE`, such as `--set nguong_htxs=85`
CliDiffWritesRows = `tieuchi diff` writes JSON Lines or CSV
CliBatchTally = { $rows } { $rows ->
        [one] record
       *[other] records
    }, { $rated } rated; shares are of the rated
CliGroups = { $count } { $count ->
        [one] group
       *[other] groups
    }
CliMoreGroups = … and { $count } more (use --summary json)
CliDiffTally = { $records } { $records ->
        [one] record
       *[other] records
    }, { $changed } changed; error rows: { $before } before, { $after } after
CliDiffCorner = before \ after
CliDiffGroups = { $count } { $count ->
        [one] group
       *[other] groups
    } with changes
CliExplainMore = `tieuchi explain CODE` says more about one of them
CliExplainNoCode = no code `{ $code }`; `tieuchi explain` lists them all
CliExplainShownAs = shown as: { $heading }
CliExplainExample = example:
ExplainSource = Source: { $source }
ExplainSubject = Subject: { $subject }
ExplainOn = Evaluation date: { $on }
ExplainScores = Scores
ExplainParams = Parameters
ExplainYes = yes
ExplainNo = no
ExplainFrom = from { $date }
ExplainSimulated = simulated value (--set), not the rules' own
ExplainByForce = by a knock-out (`force`)
ExplainByCap = by a cap
ExplainByQuota = by a quota
ExplainByScore = by the score
ExplainByTiers = by the tiers' conditions
ExplainReached = Tier by the score (before the rule applied): { $tier } ({ $id })
ExplainLayer = Deciding layer: { $layer }
ExplainNotRated = { $outcome }: not rated
ExplainNotDeterminable = { $outcome }: not determinable
ExplainPending = Evidence still missing
ExplainBetter = To reach a better tier
ExplainBest = The best tier is reached.
ExplainFindings = Findings
ExplainRules = Rules
ExplainWhy = Why (the rules tried, from the top)
ExplainHolds = holds
ExplainFails = does not hold
ExplainUnknown = unknown
CliLspDescribe = cannot describe the language server's capabilities
CliLspNotInitialized = the editor did not initialize the language server
CliLspLeftDuringShutdown = the editor left during shutdown
CliLspClientGone = the editor is gone
CliLspConnectionFailed = the connection to the editor failed
CliLspUnknownRequest = `{ $method }` is not a request tieuchi answers
CliLspNotOpen = `{ $uri }` is not open

# Third-party failures (Parquet, JSON, the system) named in the reader's language; the library's
# own words follow as the cause.
CliParquetUnreadable = `{ $file }` cannot be read as Parquet: { $detail }
CliResultNotJson = the result could not be written as JSON
CliCannotWriteRows = cannot write the rows
