"""`grad lsp`, driven by pytest-lsp's real LSP client (pygls) and, for bad input, by raw framed bytes."""

import json
import os
import pathlib
import subprocess
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

GRAD = os.environ.get("GRAD_EXECUTABLE", "grad")
URI = "file:///tmp/experiment.grad"

# Non-ASCII text before the error: "é" is one UTF-16 unit, "𝛁" (outside the BMP) two.
SCRIPT = """# réseau profond 𝛁
def widen(n) {
    let doubled = n * 2
    return doubled
}
let depth = 4
data moons 200
net dense ${depth}x16 rleu init he
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[GRAD, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    yield
    await lsp_client.shutdown_session()


def open_document(client, text, uri=URI, version=1):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="grad", version=version, text=text)))


async def diagnostics_for(client, text):
    open_document(client, text)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[URI]


async def test_diagnostics_on_open_with_did_you_mean_and_utf16_columns(client: LanguageClient):
    (diagnostic,) = await diagnostics_for(client, SCRIPT)
    assert diagnostic.message.startswith("unknown option 'rleu' for 'net'")
    assert "did you mean 'relu'?" in diagnostic.message
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range == types.Range(start=types.Position(line=7, character=22),
                                           end=types.Position(line=7, character=26))


async def test_utf16_positions_count_surrogate_pairs(client: LanguageClient):
    (diagnostic,) = await diagnostics_for(client, 'let s = "𝛁é"; net dense 2x8 rleu\n')
    # `let s = "𝛁é"; net dense 2x8 ` is 28 code points but 29 UTF-16 units.
    assert diagnostic.range == types.Range(start=types.Position(line=0, character=29),
                                           end=types.Position(line=0, character=33))


async def test_diagnostics_follow_full_changes(client: LanguageClient):
    await diagnostics_for(client, SCRIPT)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=SCRIPT.replace("rleu", "relu"))]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[URI]) == []
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="trian 5\nnet dense 2x8 relu init he gain\n")]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    messages = [d.message for d in client.diagnostics[URI]]
    assert any("did you mean 'train'?" in message for message in messages), messages


async def test_completion_is_context_aware(client: LanguageClient):
    await diagnostics_for(client, SCRIPT)
    document = types.TextDocumentIdentifier(uri=URI)

    async def labels(line, character):
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=document, position=types.Position(line=line, character=character)))
        items = result.items if isinstance(result, types.CompletionList) else result
        return items

    after_net = await labels(7, 23)  # "…x16 r|leu": the options of 'net' that start with r
    assert [item.label for item in after_net] == ["relu", "residual"]
    assert after_net[0].text_edit.range == types.Range(start=types.Position(line=7, character=22),
                                                       end=types.Position(line=7, character=23))
    after_init = [item.label for item in await labels(7, 33)]  # "init h|e": only initializers
    assert after_init == ["he"]
    at_start = [item.label for item in await labels(6, 2)]  # "da|ta"
    assert at_start == ["data"]
    values = [item.label for item in await labels(3, 15)]  # "return doubled|" → names the script defines
    assert "doubled" in values


async def test_hover_shows_the_help_text(client: LanguageClient):
    await diagnostics_for(client, SCRIPT)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=6, character=1)))
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("```grad\ndata NAME")
    assert hover.range == types.Range(start=types.Position(line=6, character=0), end=types.Position(line=6, character=4))
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=5, character=13)))
    assert nothing is None


async def test_symbols_and_definition(client: LanguageClient):
    await diagnostics_for(client, SCRIPT + "print widen(depth)\n")
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=URI)))
    assert [(s.name, s.kind) for s in symbols] == [("widen", types.SymbolKind.Function), ("depth", types.SymbolKind.Variable)]
    assert [child.name for child in symbols[0].children] == ["doubled"]
    assert symbols[0].selection_range == types.Range(start=types.Position(line=1, character=4),
                                                     end=types.Position(line=1, character=9))
    location = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=8, character=8)))
    assert location.uri == URI
    assert location.range.start == types.Position(line=1, character=4)


# Bad input, sent as raw bytes: every case gets a JSON-RPC error (or nothing, for notifications) and the
# server answers the next request.

def frame(payload):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    def __init__(self):
        self.process = subprocess.Popen([GRAD, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            assert line, "the server closed its output"
            if line in (b"\r\n", b"\n"):
                break
            name, value = line.decode().split(":", 1)
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def initialize(self):
        self.send(frame({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}))
        assert "capabilities" in self.read()["result"]

    def still_answers(self):
        self.send(frame({"jsonrpc": "2.0", "id": 99, "method": "textDocument/documentSymbol",
                         "params": {"textDocument": {"uri": "file:///nothing.grad"}}}))
        reply = self.read()
        assert reply["id"] == 99 and reply["error"]["code"] == -32602

    def finish(self):
        self.send(frame({"jsonrpc": "2.0", "id": 100, "method": "shutdown"}))
        assert self.read()["result"] is None
        self.send(frame({"jsonrpc": "2.0", "method": "exit"}))
        assert self.process.wait(timeout=10) == 0


@pytest.fixture
def raw():
    server = RawServer()
    server.initialize()
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()


@pytest.mark.parametrize("payload, code", [
    (b"{not json", -32700),
    (b"\xff\xfe\xfd", -32700),
    (b"[1, 2, 3]", -32600),
    (b'{"jsonrpc": "2.0", "id": 5}', -32600),
    (b"[" * 100000, -32700),
])
def test_malformed_messages_get_an_error(raw, payload, code):
    raw.send(frame(payload))
    reply = raw.read()
    assert reply["error"]["code"] == code and reply["error"]["message"]
    raw.still_answers()
    raw.finish()


def test_unknown_methods_get_method_not_found_and_unknown_notifications_nothing(raw):
    raw.send(frame({"jsonrpc": "2.0", "method": "$/somethingNew", "params": {}}))
    raw.send(frame({"jsonrpc": "2.0", "id": 7, "method": "workspace/frobnicate", "params": {}}))
    reply = raw.read()
    assert reply["id"] == 7 and reply["error"]["code"] == -32601
    raw.still_answers()
    raw.finish()


def test_bad_params_get_invalid_params(raw):
    raw.send(frame({"jsonrpc": "2.0", "id": 8, "method": "textDocument/hover", "params": {"position": "here"}}))
    assert raw.read()["error"]["code"] == -32602
    raw.send(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                    "params": {"textDocument": {"uri": "file:///a.grad", "text": "train 5"}}}))
    raw.read()  # its diagnostics
    for position in [{"line": 1e300, "character": 0}, {"line": 0, "character": 1.5e19}, {"line": 0, "character": -1},
                     {"line": 0.5, "character": 0}]:
        raw.send(frame({"jsonrpc": "2.0", "id": 8, "method": "textDocument/hover",
                        "params": {"textDocument": {"uri": "file:///a.grad"}, "position": position}}))
        assert raw.read()["error"]["code"] == -32602, position
    raw.send(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 3}}))
    raw.still_answers()
    raw.finish()


def test_a_huge_message_is_skipped_with_an_error(raw):
    body = json.dumps({"jsonrpc": "2.0", "id": 9, "method": "textDocument/didOpen",
                       "params": {"textDocument": {"uri": "file:///big.grad", "text": "#" * (20 << 20)}}}).encode()
    raw.send(frame(body))
    reply = raw.read()
    assert reply["error"]["code"] == -32600 and str(len(body)) in reply["error"]["message"]
    raw.still_answers()
    raw.finish()


def test_a_header_without_content_length_is_an_error(raw):
    raw.send(b"Content-Type: application/vscode-jsonrpc\r\n\r\n")
    assert raw.read()["error"]["code"] == -32700
    raw.still_answers()
    raw.finish()


def test_requests_before_initialize_are_refused():
    server = RawServer()
    server.send(frame({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}}))
    assert server.read()["error"]["code"] == -32002
    server.initialize()
    server.finish()


def test_a_closed_pipe_ends_the_server_without_a_signal():
    server = RawServer()
    server.initialize()
    # Mid-message: the header promises more than ever arrives.
    server.send(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
    server.process.stdin.close()
    assert server.process.wait(timeout=10) == 1  # no shutdown came first


def test_a_closed_reply_pipe_does_not_kill_the_server():
    server = RawServer()
    server.process.stdout.close()
    server.send(frame({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}))
    server.send(frame({"jsonrpc": "2.0", "id": 1, "method": "shutdown"}))
    server.send(frame({"jsonrpc": "2.0", "method": "exit"}))
    assert server.process.wait(timeout=10) == 0


# Neovim's built-in LSP client, headless (Debian's neovim, installed by scripts/setup).

def test_neovim_receives_diagnostics_completion_and_hover(tmp_path):
    import shutil

    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.fail("nvim is missing: scripts/setup installs it")
    script = tmp_path / "experiment.grad"
    # Neovim turns the server's UTF-16 columns into byte columns: the non-ASCII text before the error shows
    # whether the two agree ("𝛁" is 2 UTF-16 units and 4 bytes, "é" 1 unit and 2 bytes).
    script.write_text('let s = "𝛁é"; net dense 2x8 rleu\ndata moons 200\nnet dense 2x8 relu init x\n')
    result_path = tmp_path / "result.json"
    environment = dict(os.environ, NVIM_RESULT=str(result_path), COMPLETE_LINE="2", COMPLETE_CHARACTER="25",
                       HOVER_LINE="1", HOVER_CHARACTER="2")
    subprocess.run([nvim, "--headless", "--clean", "-n", str(script), "-c",
                    f"luafile {pathlib.Path(__file__).with_name('nvim_lsp_client.lua')}"],
                   cwd=tmp_path, env=environment, timeout=60, check=True, capture_output=True)
    result = json.loads(result_path.read_text())
    # Line 2's "init x" is unfinished: an error too, but only line 0's columns are of interest.
    assert [d["line"] for d in result["diagnostics"]] == [0, 2]
    diagnostic = result["diagnostics"][0]
    assert diagnostic["byte_column"] == len('let s = "𝛁é"; net dense 2x8 '.encode())
    assert "did you mean 'relu'?" in diagnostic["message"]
    assert result["completion"] == ["xavier"]
    assert result["hover"].startswith("```grad\ndata NAME")
