"""scripts/editors/grad.tmLanguage.json, checked by tokenizing every golden script with a TextMate engine
(textmate-grammar-python): every line tokenizes, and commands, keywords, numbers, strings, comments and
interpolation get their scopes. The grammar's word lists must be grad's own vocabulary."""

import json
import re
import subprocess

import pytest
from textmate_grammar.parsers.base import LanguageParser

from conftest import ROOT

GRAMMAR_PATH = ROOT / "scripts" / "editors" / "grad.tmLanguage.json"
SCRIPTS = sorted(
    list((ROOT / "Tests" / "GradLangTests" / "scripts").glob("*.grad"))
    + list((ROOT / "scripts" / "examples").rglob("*.grad"))
    + list((ROOT / "scripts" / "assignments").rglob("*.grad")))


@pytest.fixture(scope="module")
def grammar():
    return json.loads(GRAMMAR_PATH.read_text())


@pytest.fixture(scope="module")
def parser(grammar):
    return LanguageParser(grammar)


@pytest.fixture(scope="module")
def vocabulary(grad):
    """grad's help topics (commands, then statements, then built-in functions), from `help` itself."""
    overview = subprocess.run([grad, "-e", "help"], capture_output=True, text=True, check=True).stdout
    # A topic's line starts at the margin; a long syntax continues on indented lines.
    return [line.split()[0] for line in overview.splitlines() if line and not line.startswith(("'", " "))]


def tokens(parser, text):
    element = parser.parse_string(text)
    assert element is not None
    return element.flatten()


def scopes_of(parser, text, word):
    """The scopes of the first token that is exactly `word`."""
    for _, token, scopes in tokens(parser, text + "\n"):
        if token == word:
            return scopes
    raise AssertionError(f"{word!r} is not a token of {text!r}: {tokens(parser, text)}")


def alternatives(pattern):
    return re.search(r"\\b\(([^()]*)\)", pattern).group(1).split("|")


def test_word_lists_are_grads_vocabulary(grammar, vocabulary, grad):
    command = grammar["repository"]["command"]["match"]
    expression = grammar["repository"]["expression"]["patterns"]
    keywords = next(p["match"] for p in expression if p.get("name") == "keyword.control.grad")
    builtins = next(p["match"] for p in expression if p.get("name") == "support.function.builtin.grad")
    listed = alternatives(command) + [w for w in alternatives(keywords) if w not in ("in", "else", "and", "or", "not")] \
        + alternatives(builtins)
    assert listed == vocabulary


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_golden_script_tokenizes_line_by_line(parser, script, vocabulary):
    text = script.read_text()
    flat = tokens(parser, text)
    lines = text.split("\n")
    # Every character is in exactly one token, in order: no line failed to tokenize.
    rebuilt = [""] * len(lines)
    for (line, column), token, _ in flat:
        assert column == len(rebuilt[line]), (script.name, line, token)
        rebuilt[line] += token
    assert [line.rstrip("\r") for line in rebuilt] == [line.rstrip("\r") for line in lines]
    commands = set(vocabulary[:vocabulary.index("let")])
    for (line, column), token, scopes in flat:
        stripped = lines[line].lstrip()
        if token in commands and column == len(lines[line]) - len(stripped) and "string.quoted.double.grad" not in scopes:
            assert "keyword.other.command.grad" in scopes, (script.name, line, token)
        if stripped.startswith("#") and column >= len(lines[line]) - len(stripped):
            assert "comment.line.number-sign.grad" in scopes, (script.name, line, token)


@pytest.mark.parametrize("text, word, scope", [
    ("seed 1", "seed", "keyword.other.command.grad"),
    ("seed 1", "1", "constant.numeric.grad"),
    ("lr 1e-3", "1e-3", "constant.numeric.grad"),
    ("net dense 20x64 relu", "20x64", "constant.numeric.shape.grad"),
    ("net dense 20x64 relu", "net", "keyword.other.command.grad"),
    ("x = 1; train 5", "train", "keyword.other.command.grad"),
    ("for d in [1, 2] { train d }", "train", "keyword.other.command.grad"),
    ("for d in [1, 2] { train d }", "for", "keyword.control.grad"),
    ("for d in [1, 2] { train d }", "in", "keyword.control.grad"),
    ("print loss  # the loss", "# the loss", "comment.line.number-sign.grad"),
    ("print loss  # the loss", "loss", "variable.language.session.grad"),
    ('print "a ${depth} b"', "depth", "meta.interpolation.grad"),
    ('print "a ${depth} b"', "${", "punctuation.section.interpolation.begin.grad"),
    ('print "a $depth b"', "$depth", "variable.other.interpolated.grad"),
    ('print "tab\\t"', "\\t", "constant.character.escape.grad"),
    ('print "# not a comment"', "# not a comment", "string.quoted.double.grad"),
    ("net dense ${d}x64 $act", "$act", "variable.other.interpolated.grad"),
    ("print round(acc, 2)", "round", "support.function.builtin.grad"),
    ("def twice(n) { return n * 2 }", "twice", "entity.name.function.grad"),
    ('print "open', '"', "punctuation.definition.string.begin.grad"),
])
def test_constructs_get_their_scopes(parser, text, word, scope):
    assert scope in scopes_of(parser, text, word)


def test_the_vs_code_manifest_wires_the_grammar_and_the_server():
    folder = ROOT / "scripts" / "editors"
    manifest = json.loads((folder / "package.json").read_text())
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar["scopeName"] == "source.grad" and (folder / grammar["path"]).resolve() == GRAMMAR_PATH
    (language,) = manifest["contributes"]["languages"]
    assert language["extensions"] == [".grad"]
    json.loads((folder / language["configuration"]).read_text())
    assert '["lsp"]' in (folder / manifest["main"]).read_text()
