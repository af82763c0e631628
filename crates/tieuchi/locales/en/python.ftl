# Evidence from Python that the package cannot read (the codes are still `evidence::*`).

PyNotEvidence = a Python `{ $name }` cannot be evidence
PyNotEvidenceHelp = give a bool, an int, a Decimal, a float, a str, a date, None, or a list of dicts
PyNotADict = an evidence record must be a dict, not a Python `{ $name }`
PyNotADictHelp = give the evidence as a dict of field ids to values
PyLoneSurrogate = the string is not valid Unicode text (it holds a lone surrogate)
PyLoneSurrogateHelp = give text that can be written as UTF-8
PyTooDeep = the value nests deeper than { $max } levels
PyTooDeepHelp = evidence is a record of fields, lists of records and their fields
PyUnreadable = a Python `{ $name }` could not be read: { $problem }
PyUnreadableHelp = give a bool, an int, a Decimal, a float, a str, a date or None
PyKeyNotAName = the key { $key } is not a field name (field names are strings)
PyKeyNotANameHelp = name each field by its id, as a string
PyNotExact = { $value } is not a number tieuchi can hold exactly
PyFiniteHelp = give a finite number
PyIntegerUnreadable = the integer cannot be read
PyDigitsHelp = give a number with at most 28 significant digits
PyInfiniteDecimal = an infinite Decimal is not a number tieuchi can hold exactly
PyDecimalNotExact = the Decimal `{ $text }` is not a number tieuchi can hold exactly

# The package's own checks of its keywords.
PyCompileNotText = compile() takes the rule file's text as str, not { $type }
PyBadErrors = errors= must be "column" or "raise", not { $given }
PyBadDecimals = decimals= must be "decimal", "str" or "float", not { $given }
PyBadOutput = output= must be "pandas", "arrow", "polars", "records" or "stream", not { $given }
PyStreamNeedsArrow = output="stream" reads Arrow data (a table, a reader, a data frame), not a list
PyStreamAsItComes = output="stream" gives every row as it comes: errors="column", decimals="decimal"
PyBadDiffOutput = output= must be "pandas" or "records", not { $given }
PyLazyFrame = evaluate_many takes a polars.DataFrame, not a LazyFrame; call .collect() first
PyNotTable = evaluate_many takes a list of dicts or Arrow data (a pyarrow table, record batch or reader, a pandas or Polars data frame, a DuckDB result), not { $type }; for one record use evaluate()
PyColumnTwice = the column `{ $name }` appears twice
PyOnTimeOfDay = on= is a date; { $given } has a time of day
PyOnNotDate = on= takes a date or 'YYYY-MM-DD', not { $type }

# The package's own words around an engine error: which record of `evaluate_many` it is about.
PyRecordHead = record { $record }

# The words of a result's `repr`, `str` and notebook view.
PyDecidedBy = decided by { $how }
PyMissingFields = not determinable (missing { $fields })
PyFindingCount = { $count ->
        [one] 1 finding
       *[other] { $count } findings
    }
PyNoCode = no code `{ $code }`; tieuchi.codes() lists them all
