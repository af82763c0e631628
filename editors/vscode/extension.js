// Starts `tieuchi lsp` for `.tieuchi` files. Everything the editor shows beyond colours
// (diagnostics, hover, definitions, completion, formatting, rename) comes from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("tieuchi").get("server.path") || "tieuchi";
  // No `transport` given: the client then talks over stdio without adding a `--stdio` argument.
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "tieuchi",
    "tieuchi",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "tieuchi" }, { scheme: "untitled", language: "tieuchi" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
