// Starts 'grad lsp' for .grad files: everything the editor shows comes from grad itself.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("grad").get("path", "grad");
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient("grad", "grad", { run: server, debug: server }, {
    documentSelector: [{ language: "grad" }],
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
