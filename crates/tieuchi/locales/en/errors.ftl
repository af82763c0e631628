# Evaluation errors, rule set or version selection, arguments and internal errors.

DivisionByZero = division by zero
DivisionByZeroHelp = guard the division: `if d = 0 then … else x / d`
Overflow = the result is too large to hold exactly
OverflowHelp = check the evidence for implausible values
EmptyCollection = the list is empty, so this has no value
EmptyCollectionHelp = guard it with `count(list) > 0`
SelectUnknown = no rule set `{ $ruleset }` is loaded
SelectUnknownHelp = name a rule set the rules given define
SelectNoneInForce = no version of `{ $family }` is in force on { $on }; versions: { $versions }
SelectNoneInForceHelp = check the evaluation date, or load the version in force on it
SelectNeedDate = `{ $family }` has several versions ({ $versions }); give an evaluation date to choose one
SelectNeedDateHelp = give the evaluation date (`on`)
SelectAmbiguous = several rule families are loaded ({ $families }); name the one to use
SelectAmbiguousHelp = name the rule set to use
SelectEmpty = no rule set is loaded
SelectEmptyHelp = give at least one rule file
ArgBadDate = `{ $text }` is not a date; write YYYY-MM-DD
ArgBadDateHelp = write the evaluation date as YYYY-MM-DD, for example 2026-12-10
ArgUnknownLang = `{ $text }` is not a language tieuchi speaks
ArgUnknownLangHelp = use `vi` (Vietnamese) or `en` (English)
ParamUnknown = `{ $id }` is not a parameter of `{ $ruleset }`
ParamUnknownNoneHelp = `{ $ruleset }` declares no parameters
ParamUnknownHelp = the parameters of `{ $ruleset }` are { $params }
ParamUnknownAny = `{ $id }` is not a parameter of any rule set loaded
ParamNoneLoadedHelp = no rule set loaded declares parameters (`param`)
ParamKnownHelp = the parameters are { $params }
ParamBadValue = `{ $text }` does not fit the parameter `{ $id }`
ParamWriteBoolHelp = write `true` or `false`
ParamWritePercentHelp = write a percent such as `85%`, or the fraction `0.85`
ParamWriteIntegerHelp = write a whole number such as `3`
ParamWriteNumberHelp = write a number such as `85` or `85.5`
InternalErrorHelp = this is a bug in tieuchi: report it with the input that caused it
InternalPanicHelp = this is a bug in tieuchi: report it with the input that caused it; the engine was started afresh
InternalTrapHelp = the input may need more memory or stack than the page has; the engine was started afresh
