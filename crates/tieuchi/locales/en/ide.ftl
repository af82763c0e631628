# What an editor is told when it asks for something the rule file does not allow (`tieuchi lsp`).

RenameNothingHere = there is no declared name here to rename
RenameBadName = `{ $name }` is not a name: names are lower-case ASCII letters, digits and `_`, starting with a letter or `_`
RenameReserved = `{ $name }` is a word of the language, so it cannot be a name
RenameAmbiguous = `{ $name }` names { $count } declarations in this file; rename one of them by hand
RenameTaken = `{ $name }` is already declared in this file
RenameDoesNotParse = the file does not parse; fix its syntax errors first
LspBadParams = the editor's `{ $method }` request is not what the language server reads: { $detail }
LspCannotAnswer = the answer could not be written: { $detail }
