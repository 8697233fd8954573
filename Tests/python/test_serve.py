"""`grad --serve`, the JSON-lines protocol behind the notebook kernel, driven as a client would drive it."""

import json
import os
import signal
import subprocess
import time

import pytest


class Serve:
    """One `grad --serve` process with line-level helpers."""

    def __init__(self, grad):
        self.process = subprocess.Popen([grad, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.ready = self.reply()

    def send_line(self, data):
        self.process.stdin.write(data if isinstance(data, bytes) else data.encode())
        self.process.stdin.flush()

    def send(self, **request):
        self.send_line(json.dumps(request) + "\n")

    def reply(self):
        line = self.process.stdout.readline()
        assert line, "grad --serve ended: " + self.process.stderr.read().decode()
        return json.loads(line)

    def until_final(self, request_id):
        """Every reply up to and including the final one of `request_id`."""
        replies = []
        while True:
            reply = self.reply()
            replies.append(reply)
            assert reply["id"] == request_id, reply
            if reply["type"] in ("done", "completions", "help", "completeness", "error"):
                return replies

    def run(self, request_id, code):
        self.send(id=request_id, type="run", code=code)
        return self.until_final(request_id)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            return self.process.wait(timeout=30)
        return self.process.returncode


@pytest.fixture
def serve(grad):
    server = Serve(grad)
    yield server
    server.close()


def texts(replies, kind="text"):
    return "".join(reply["text"] for reply in replies if reply["type"] == kind)


def test_announces_the_protocol_version(serve):
    assert serve.ready["type"] == "ready"
    assert serve.ready["protocol"] == 1
    assert serve.ready["id"] is None


def test_state_persists_across_requests_and_output_is_tagged(serve):
    first = serve.run(1, "seed 1\ndata moons 200\nlet depth = 3")
    assert first[-1] == {"id": 1, "type": "done", "status": "ok"}
    assert "data: moons, 200 rows" in texts(first)
    second = serve.run("two", "net dense ${depth}x8 tanh\nprint layers")
    assert second[-1]["status"] == "ok"
    assert texts(second).endswith("4\n")
    assert all(reply["id"] == "two" for reply in second)


def test_an_error_is_the_rendered_diagnostic_with_caret_and_the_session_goes_on(serve):
    serve.run(1, "data moons 200\nnet dense 2x8 relu")
    replies = serve.run(2, "print 1\nnet dense 2x8 rleu")
    assert replies[-1]["status"] == "error"
    diagnostic = texts(replies, "diagnostic")
    assert diagnostic.startswith("<cell>:2:15: error: unknown option 'rleu' for 'net'\n")
    assert "\n              ^~~~\n" in diagnostic
    assert "did you mean 'relu'?" in diagnostic
    assert texts(serve.run(3, "print layers")) == "3\n"


def test_training_streams_progress_before_it_ends(serve):
    serve.run(1, "seed 1\ndata spiral 1536 classes 3\nnet dense 12x64 relu init he")
    replies = serve.run(2, "train 1500 steps")
    progress = [reply for reply in replies if reply["type"] == "progress"]
    assert progress, replies
    assert "step" in progress[0]["text"] and "loss" in progress[0]["text"]
    assert "trained 1500 steps" in texts(replies)


def test_charts_are_svg_with_a_text_fallback(serve):
    serve.run(1, "seed 1\ndata moons 200\nnet dense 3x8 relu\ntrain 2")
    for code in ["plot loss", "plot grads", "plot grads over time", "plot acts", "plot boundary", "show grads"]:
        figures = [reply for reply in serve.run(2, code) if reply["type"] == "figure"]
        assert len(figures) == 1, code
        data = figures[0]["data"]
        assert data["image/svg+xml"].startswith('<svg xmlns="http://www.w3.org/2000/svg"'), code
        assert data["text/plain"], code
    assert "‖∇W‖" in [r for r in serve.run(3, "show grads") if r["type"] == "figure"][0]["data"]["text/plain"]


def test_report_is_html_in_a_frame(serve, tmp_path):
    serve.run(1, "seed 1\ndata moons 200\nnet dense 2x8 relu\ntrain 1")
    replies = serve.run(2, f'report "{tmp_path}/r.html"')
    figure = [reply for reply in replies if reply["type"] == "figure"][0]
    assert figure["data"]["text/html"].startswith("<iframe")
    assert "&lt;svg" in figure["data"]["text/html"]
    assert figure["data"]["text/plain"].startswith("wrote ")


def test_completion_inspection_and_incomplete_input(serve):
    serve.run(1, "let width = 8")
    serve.send(id=2, type="complete", code="net dense 2x8 re", cursor=16)
    assert serve.reply() == {"id": 2, "type": "completions", "matches": ["relu", "residual"], "start": 14, "end": 16}
    serve.send(id=3, type="complete", code="print $wi", cursor=9)
    assert serve.reply()["matches"] == ["$width"]
    # Cursors count code points: the text before the word may be non-ASCII.
    serve.send(id=4, type="complete", code='print "ü"; tra', cursor=14)
    reply = serve.reply()
    assert reply["matches"] == ["train"] and reply["start"] == 11
    serve.send(id=5, type="inspect", code="net dense 2x8 relu\ntrain 5", cursor=21)
    reply = serve.reply()
    assert reply["found"] and reply["topic"] == "train" and reply["text"].startswith("train N [epochs|steps]")
    serve.send(id=6, type="inspect", code="   ", cursor=1)
    assert serve.reply()["found"] is False
    serve.send(id=7, type="is_complete", code="for i in 1..3 {")
    assert serve.reply()["status"] == "incomplete"
    serve.send(id=8, type="is_complete", code="for i in 1..3 { print i }")
    assert serve.reply()["status"] == "complete"


def test_expect_shows_its_row_at_once_and_finish_prints_the_table(serve):
    replies = serve.run(1, 'expect 1 > 0 "one is positive" points 2\nexpect 1 > 2 "one is large"')
    assert texts(replies) == "  PASS  one is positive  [2/2]\n  FAIL  one is large  [0/1]  1 > 2 is false\n"
    assert replies[-1]["status"] == "ok"
    serve.send(id=3, type="finish")
    replies = serve.until_final(3)
    assert "expectations: 1 passed, 1 failed\n" in texts(replies)
    assert "score: 2/3\n" in texts(replies)
    assert replies[-1]["status"] == "expectations_failed"


@pytest.mark.parametrize("line, code", [
    (b"this is not json\n", "malformed_json"),
    (b'{"id": 1, "type": "run", "code": \n', "malformed_json"),
    (b"[1, 2]\n", "bad_request"),
    (b'{"id": true, "type": "run", "code": "x"}\n', "bad_request"),
    (b'{"id": 4, "type": "run"}\n', "bad_request"),
    (b'{"id": 5, "type": "complete", "code": "ab", "cursor": 9}\n', "bad_request"),
    (b'{"id": 6, "type": "launch"}\n', "unknown_type"),
    (b"\xff\xfe\n", "malformed_json"),
    (b"[" * 100000 + b"\n", "malformed_json"),
])
def test_bad_requests_get_an_error_reply_and_the_server_carries_on(serve, line, code):
    serve.send_line(line)
    reply = serve.reply()
    assert reply["type"] == "error" and reply["code"] == code, reply
    assert reply["message"]
    assert serve.run(9, "print 2")[0]["text"] == "2\n"


def test_a_request_over_the_size_limit_is_refused_without_reading_it_whole(serve):
    huge = b'{"id": 1, "type": "run", "code": "' + b"#" * (5 << 20) + b'"}\n'
    serve.send_line(huge)
    reply = serve.reply()
    assert reply["code"] == "too_large" and str(len(huge) - 1) in reply["message"]
    assert serve.run(2, "print 3")[0]["text"] == "3\n"


def test_sigint_stops_training_at_a_step_and_keeps_the_model(serve):
    serve.run(1, "seed 1\ndata spiral 1536 classes 3\nnet dense 12x64 relu init he")
    serve.send(id=2, type="run", code="train 1000000 steps")
    replies = []
    while not any(reply["type"] == "progress" for reply in replies):
        replies.append(serve.reply())
    serve.process.send_signal(signal.SIGINT)
    replies += serve.until_final(2)
    assert replies[-1]["status"] == "interrupted"
    assert "the model and history are kept" in texts(replies)
    steps = int(texts(serve.run(3, "print steps")))
    assert 0 < steps < 1000000
    assert texts(serve.run(4, "train 1 steps\nprint steps")).endswith(f"{steps + 1}\n")


def test_sigint_between_requests_is_ignored(serve):
    serve.run(1, "let kept = 5")
    for _ in range(3):
        serve.process.send_signal(signal.SIGINT)
        time.sleep(0.05)
    assert texts(serve.run(2, "print kept")) == "5\n"
    assert serve.process.poll() is None


def test_end_of_input_ends_the_server_cleanly(serve):
    assert serve.close() == 0


def test_a_closed_reply_pipe_does_not_kill_the_server_by_signal(grad):
    process = subprocess.Popen([grad, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    process.stdin.write(b'{"id": 1, "type": "run", "code": "print 1"}\n')
    process.stdin.close()
    assert process.wait(timeout=30) == 0


def test_sigterm_ends_the_server_after_the_request(serve):
    serve.process.send_signal(signal.SIGTERM)
    assert serve.process.wait(timeout=30) == 143


def test_blank_lines_between_requests_are_skipped(serve):
    serve.send_line(b"\n  \r\n\t\n")
    assert serve.run(1, "print 5") == [{"id": 1, "type": "text", "text": "5\n"}, {"id": 1, "type": "done", "status": "ok"}]
