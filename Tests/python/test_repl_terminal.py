"""The interactive REPL on a real pseudo-terminal: libedit editing the line, as a user at a prompt sees it."""

import os
import pty
import select
import time

import pytest


class Terminal:
    """grad running on a pseudo-terminal; `send` types keys, `read_until` collects what the screen receives."""

    def __init__(self, grad, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become grad with a plain terminal and no colour
            os.chdir(cwd)
            os.environ.update({"TERM": "xterm", "NO_COLOR": "1", "HOME": str(cwd)})
            os.execv(grad, [grad])
        self.received = b""

    def send(self, keys):
        os.write(self.fd, keys)

    def type(self, keys, marker, attempts=5):
        """Sends `keys` and reads until `marker`. libedit switches the terminal to raw mode after it
        draws the prompt, and that switch discards keys already typed; keys that got no answer at all
        are therefore typed again, as a person at the prompt would."""
        for _ in range(attempts - 1):
            start = len(self.received)
            self.send(keys)
            shown = self.read_until(marker, timeout=2.0, fail=False)
            if marker in shown:
                return shown
            if shown:  # grad answered, but not with the marker: a real failure, reported below
                return self.received[start:] + self.read_until(marker)
        self.send(keys)
        return self.read_until(marker)

    def read_until(self, marker, timeout=10.0, fail=True):
        """Everything received until `marker` appears after the text already read (fails on timeout)."""
        start = len(self.received)
        deadline = time.time() + timeout
        while marker not in self.received[start:]:
            remaining = deadline - time.time()
            if remaining <= 0:
                if not fail:
                    break
                pytest.fail(f"no {marker!r} within {timeout} s; the terminal shows {self.received[start:]!r}")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child closed the terminal
                    break
                self.received += chunk
        return self.received[start:]

    def exit_status(self, timeout=10.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            try:
                select.select([self.fd], [], [], 0.1) and os.read(self.fd, 4096)
            except OSError:
                pass
        pytest.fail("grad did not exit")


def visible(data):
    """The text a terminal displays for `data`: backspaces move the cursor left, later characters overwrite."""
    lines, line, cursor = [], [], 0
    for char in data.decode("utf-8", "replace"):
        if char == "\b":
            cursor = max(0, cursor - 1)
        elif char == "\r":
            cursor = 0
        elif char == "\n":
            lines.append("".join(line).rstrip())
            line, cursor = [], 0
        else:
            line[cursor:cursor + 1] = [char]
            cursor += 1
    return lines + ["".join(line).rstrip()]


@pytest.fixture
def terminal(grad, tmp_path):
    session = Terminal(grad, tmp_path)
    session.read_until(b"grad> ")
    yield session
    try:
        os.kill(session.pid, 9)
        os.waitpid(session.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def test_an_open_quote_is_an_error_at_once_and_the_next_lines_run(terminal):
    shown = terminal.type(b'print "abc\r', b"grad> ")
    assert b"error: unterminated string" in shown
    assert b"...> " not in shown  # no continuation prompt swallowing what comes next
    terminal.send(b"print 1 + 1\r")
    assert b"\r\n2\r\n" in terminal.read_until(b"grad> ")


def test_ctrl_d_leaves_without_leaving_caret_d_on_the_screen(terminal):
    # A key echoed back shows libedit is reading in raw mode; rubbed out, the line is empty for Ctrl-D.
    terminal.type(b"x", b"x")
    terminal.send(b"\x7f")
    shown = terminal.type(b"\x04", b"\n")
    assert terminal.exit_status() == 0
    assert all("^D" not in line for line in visible(shown)), visible(shown)
