# The labels of a result's findings (the findings' codes are not translated).

FindingMissingEvidence = missing evidence: { $fields }
FindingScoreClamped = `{ $name }` computed { $value } and was held to 0..{ $max }
FindingQuotaPending = `{ $tier }` is limited to { $share }% of { $counted } within { $within }; a single record cannot apply the quota
TierOrBetter = `{ $tier }` or better
InForceFromUntil = from { $from } until { $until }
InForceFrom = from { $from }
InForceUntil = until { $until }
InForceAlways = at all times
FindingNotInForce = `{ $ruleset }` is in force { $window }, not on { $on }
FindingInexactValue = `{ $division }` has no exact decimal value (its 28 digits are rounded), so `{ $name }` = { $value } may not be exact; state where the rule rounds: `round(…, places)`, `floor`, `ceil` or the rule set's `rounding`
FindingInexactCondition = `{ $division }` has no exact decimal value, and `{ $condition }` compares it with a number too close to it for 28 digits to tell which is larger
CountedBeforeDemotion = before
CountedAfterDemotion = after
FindingQuotaRanked = ranked { $rank } of { $candidates } for `{ $tier }`; { $counted } at { $tiers } before the quota, at most { $share }% counted { $basis } demotion allows { $limit }
FindingQuotaUnplaced = the quota on `{ $tier }` could not group this record: a key is missing
FindingQuotaDemoted = { $ranked }; lowered to `{ $to }`
ChosenInForce = in force on { $on }
ChosenNamedNotInForce = named; not in force on { $on }
ChosenNamedNoDate = named; no evaluation date
