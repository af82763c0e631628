# Syntax errors: the text of a rule file that does not follow the grammar, or passes a limit.
# User input goes in backticks. Ids are the variants of `tieuchi::i18n::Msg`.

SourceTooLarge = the rule file is { $size } bytes, more than the limit of { $limit }
SourceTooLargeHelp = split the framework into several rule sets
BracketsTooDeep = brackets nest more than { $limit } deep here
NestsTooDeepToRead = this nests too deeply to read (more than { $limit } levels)
NameAPartHelp = name part of the expression with a `let`
SyntaxExpected = expected { $expected }, found { $found }
SyntaxExpectedLabel = expected { $expected }
ReservedWord = `{ $word }` is a word of the language, so it cannot be a name
ExpectedAName = expected a name
ReservedWordHelp = choose another name, such as `{ $word }_`; reserved words are { $reserved }
FoundEndOfFile = the end of the file
FoundEndOfLine = the end of the line
FoundSpace = a space
OneOf = { $items } or { $last }

## What a syntax error says was expected.

WordDeclaration = a declaration (`input`, `let`, `score`, `outcome`, `force`, `test`, …)
WordOperator = an operator
WordSomethingElse = something else
WordName = a name
WordQuotedLabel = a quoted label
WordNumber = a number
WordPercent = a percent
WordDate = a date (YYYY-MM-DD)
WordExpression = an expression
WordAndOr = `and` or `or`
WordNot = `not`
WordComparison = a comparison
WordType = a type
WordField = a field
WordValue = a value
WordEnumValue = an enum value
WordTier = a tier
WordOtherwise = `otherwise`
WordAssessed = `assessed`
WordOrdered = `ordered`
WordRange = a range (`in 0..100`)
WordDefault = `default`
WordWindow = `in last N years`
WordParamValue = a value (`= 90`)
WordFrom = `from`
WordDirection = `desc` or `asc`
WordCountBasis = `before` or `after`
WordRoundingMode = a rounding mode (`half_up`, `half_even`, `floor`, `ceil`, `truncate`)
WordBecause = `because`
WordSource = `source`
WordExpectation = an expectation (`name = value`, `not rated`, `not determinable`)
WordEndOfFile = the end of the file

## Help lines of syntax errors.

HelpShareAsPercentOf = a share is written as a percent: `{ $percent }%` for { $written }
HelpShareAsPercent = a share is written as a percent: `{ $written }%`
HelpFieldsNoCommas = the fields of `list of { "{" } … { "}" }` and `history of { "{" } … { "}" }` are separated by spaces or new lines, not commas (commas separate the values of a record: `given { "{" } a: 1, b: 2 { "}" }`)
HelpQuotedLabel = labels are written in double quotes: "Hoàn thành tốt nhiệm vụ"
HelpNameForm = names are lower-case ASCII with underscores, such as `diem_chung`
HelpDeclarations = a rule set holds declarations such as `input`, `let`, `score`, `outcome`, `force`, `cap`, `exclude`, `quota` and `test`
HelpSeeReference = see the language reference in the README

## Literals and limits met while building the tree.

ParserInternal = the parser could not read this part
ParserInternalHelp = this is a bug in tieuchi; please report it with the rule file
NumberTooPrecise = the number `{ $number }` has more digits than tieuchi can hold exactly
NumberTooPreciseHelp = numbers carry at most 28 significant digits
PercentTooPrecise = the percent `{ $percent }` has more decimal places than tieuchi can hold exactly
PercentTooPreciseHelp = a percent carries at most 26 decimal places
IntegerTooLarge = `{ $number }` is too large here
IntegerTooLargeHelp = use a whole number below 4294967296
NotADate = `{ $date }` is not a calendar date
NotADateHelp = write dates as YYYY-MM-DD, such as 2026-01-01
BlocksTooDeep = this nests more than { $limit } levels deep
BlocksTooDeepHelp = name part of it with a `let`, or flatten the structure
ExpressionTooDeep = this expression nests more than { $limit } operations deep
ExpressionTooDeepHelp = name parts of it with `let`s, and use them here
ChainTooLong = this expression chains more than { $limit } operators
ChainTooLongHelp = split it into several `let`s
PrefixTooLong = this expression stacks more than { $limit } prefix operators
PrefixTooLongHelp = remove the repeated `not` or `-`
