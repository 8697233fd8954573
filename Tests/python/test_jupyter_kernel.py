"""grad's Jupyter kernel, installed by `grad jupyter install` and driven by Jupyter's own client
(jupyter_client) and notebook runner (nbclient)."""

import json
import pathlib
import time

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

from conftest import ROOT

EXAMPLES = ["vanishing", "exploding", "clipping"]


@pytest.fixture(scope="module")
def kernel(jupyter_prefix):
    manager, client = start_new_kernel(kernel_name="grad", startup_timeout=60)
    yield manager, client
    client.stop_channels()
    manager.shutdown_kernel(now=False)


def execute(client, code, timeout=120, until=None):
    """Runs a cell; returns the reply's content and the IOPub messages of the cell, in order. `until`, when
    given, is called with each message as it arrives (the interrupt test interrupts from there)."""
    msg_id = client.execute(code)
    messages = []
    while True:
        message = client.get_iopub_msg(timeout=timeout)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
        messages.append(message)
        if until:
            until(message)
    reply = client.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    return reply["content"], messages


def stream_text(messages):
    return "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream")


def test_install_writes_a_kernelspec_with_a_logo(jupyter_prefix, grad):
    spec = KernelSpecManager().get_kernel_spec("grad")
    assert spec.display_name == "grad" and spec.language == "grad"
    assert spec.interrupt_mode == "signal"
    assert spec.env["GRAD_EXECUTABLE"] == str(pathlib.Path(grad).resolve())
    folder = pathlib.Path(spec.resource_dir)
    for name in ["kernel.json", "grad_kernel.py", "logo-64x64.png", "logo-32x32.png", "logo-svg.svg"]:
        assert (folder / name).is_file(), name
    assert (folder / "logo-64x64.png").read_bytes().startswith(b"\x89PNG")


def test_install_refuses_user_and_prefix_together(grad):
    import subprocess

    result = subprocess.run([grad, "jupyter", "install", "--user", "--prefix", "/tmp/x"], capture_output=True, text=True)
    assert result.returncode == 2 and "alternatives" in result.stderr


def test_cells_share_one_session_and_stream_their_output(kernel):
    _, client = kernel
    reply, messages = execute(client, "seed 1\ndata moons 300\nnet dense 3x16 relu init he\ntrain 3")
    assert reply["status"] == "ok"
    text = stream_text(messages)
    assert "data: moons, 300 rows, 2 features, 2 classes\n" in text
    assert "trained 15 steps" in text
    reply, messages = execute(client, "print layers\nacc")
    assert stream_text(messages).startswith("4\n")


def test_training_progress_streams_while_the_cell_runs(kernel):
    _, client = kernel
    execute(client, "data spiral 1536 classes 3\nnet dense 12x64 relu init he")
    reply, messages = execute(client, "train 1500 steps")
    streams = [m["content"]["text"] for m in messages if m["msg_type"] == "stream"]
    # The live line is redrawn with carriage returns, as Jupyter's front ends expect, before the result.
    assert any(text.startswith("\r") and "step" in text and "loss" in text for text in streams[:-1]), streams
    assert "trained 1500 steps" in streams[-1]


def test_plots_are_inline_svg_with_a_text_fallback(kernel):
    _, client = kernel
    for code in ["plot loss", "plot grads", "show grads", "plot boundary"]:
        reply, messages = execute(client, code)
        assert reply["status"] == "ok", code
        displays = [m for m in messages if m["msg_type"] == "display_data"]
        assert len(displays) == 1, code
        data = displays[0]["content"]["data"]
        assert data["image/svg+xml"].startswith("<svg"), code
        assert data["text/plain"], code


def test_an_error_cell_shows_the_diagnostic_with_its_caret(kernel):
    _, client = kernel
    reply, messages = execute(client, "net dense 3x16 rleu init he")
    assert reply["status"] == "error"
    assert reply["evalue"] == "<cell>:1:16: error: unknown option 'rleu' for 'net'"
    errors = [m["content"] for m in messages if m["msg_type"] == "error"]
    assert len(errors) == 1
    assert errors[0]["traceback"][:3] == [
        "<cell>:1:16: error: unknown option 'rleu' for 'net'",
        "net dense 3x16 rleu init he",
        "               ^~~~",
    ]
    assert "note: did you mean 'relu'?" in errors[0]["traceback"]
    # The model from before the error is unchanged.
    _, messages = execute(client, "print layers")
    assert stream_text(messages) == "13\n"


def test_completion_help_and_incomplete_input(kernel):
    _, client = kernel
    execute(client, "let my_depth = 4")
    content = client.complete("net dense 3x16 re", 17, reply=True, timeout=30)["content"]
    assert content["status"] == "ok"
    assert content["matches"] == ["relu", "residual"]
    assert (content["cursor_start"], content["cursor_end"]) == (15, 17)
    content = client.complete("print my_", 9, reply=True, timeout=30)["content"]
    assert content["matches"] == ["my_depth"]
    content = client.inspect("optim adam lr 0.01", 2, reply=True, timeout=30)["content"]
    assert content["found"] and content["data"]["text/plain"].startswith("optim ")
    assert client.inspect("0.01", 1, reply=True, timeout=30)["content"]["found"] is False
    msg_id = client.is_complete("for d in [1, 2] {\n  print d")
    assert client.get_shell_msg(timeout=30)["content"]["status"] == "incomplete"
    client.is_complete("for d in [1, 2] { print d }")
    assert client.get_shell_msg(timeout=30)["content"]["status"] == "complete"


def test_interrupt_stops_training_and_keeps_the_model(kernel):
    manager, client = kernel
    execute(client, "seed 2\ndata spiral 1536 classes 3\nnet dense 12x64 relu init he")
    interrupted = []

    def interrupt_once_training(message):
        if not interrupted and message["msg_type"] == "stream" and "step" in message["content"]["text"]:
            interrupted.append(time.monotonic())
            manager.interrupt_kernel()

    reply, messages = execute(client, "train 1000000 steps", until=interrupt_once_training)
    assert interrupted, "no progress arrived to interrupt"
    assert time.monotonic() - interrupted[0] < 10
    assert reply["status"] == "error" and reply["ename"] == "interrupted"
    assert "the model and history are kept" in stream_text(messages)
    _, messages = execute(client, "print steps")
    steps = int(stream_text(messages))
    assert 0 < steps < 1000000
    reply, messages = execute(client, "train 2 steps\nprint steps")
    assert reply["status"] == "ok" and stream_text(messages).endswith(f"{steps + 2}\n")


def test_a_cell_over_the_protocol_limit_is_an_error_and_the_session_goes_on(kernel):
    _, client = kernel
    execute(client, "let before = 3")
    reply, _ = execute(client, "#" * (5 << 20))
    assert reply["status"] == "error" and "over the limit" in "\n".join(reply["traceback"])
    reply, messages = execute(client, "print before")
    assert reply["status"] == "ok" and stream_text(messages) == "3\n"


def test_an_interrupt_while_idle_changes_nothing(kernel):
    manager, client = kernel
    execute(client, "let kept = 7")
    manager.interrupt_kernel()
    time.sleep(0.3)
    reply, messages = execute(client, "print kept")
    assert reply["status"] == "ok" and stream_text(messages) == "7\n"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_notebooks_run_headless(jupyter_prefix, name):
    notebook = nbformat.read(ROOT / "scripts" / "examples" / f"{name}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="grad").execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    svgs = [output for output in outputs if output.output_type == "display_data" and "image/svg+xml" in output.data]
    assert svgs, "every example notebook draws at least one chart"
    text = "".join(output.text for output in outputs if output.output_type == "stream")
    # The notebook reaches the same conclusion as the script it mirrors.
    script = (ROOT / "scripts" / "examples" / f"{name}.grad").read_text()
    last_print = [line for line in script.splitlines() if line.startswith("print ")][-1]
    assert last_print.split('"')[1].split("$")[0].split(",")[0].strip() in text
    # A teacher's `expect` shows its result in the cell that runs it.
    expects = sum(cell.source.count("\nexpect ") for cell in notebook.cells if cell.cell_type == "code")
    assert text.count("  PASS  ") == expects


def test_a_killed_grad_is_reported_and_replaced_by_a_fresh_session(jupyter_prefix):
    import os
    import signal

    manager, client = start_new_kernel(kernel_name="grad", startup_timeout=60)
    try:
        execute(client, "let kept = 1")
        def kill_grad():
            kernel_pid = manager.provisioner.process.pid
            children = pathlib.Path(f"/proc/{kernel_pid}/task/{kernel_pid}/children").read_text().split()
            (grad_pid,) = [int(pid) for pid in children
                           if pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1:2] == [b"--serve"]]
            os.kill(grad_pid, signal.SIGKILL)
            time.sleep(0.2)  # let the kernel's reader see the end of grad's output

        kill_grad()
        reply, messages = execute(client, "print kept")
        assert reply["status"] == "error" and "a new session was started" in reply["evalue"]
        reply, messages = execute(client, "print 2 + 2")
        assert reply["status"] == "ok" and stream_text(messages) == "4\n"
        reply, _ = execute(client, "print kept")
        assert reply["status"] == "error"  # the old session's variables are gone, as the message said
        kill_grad()
        content = client.complete("tr", 2, reply=True, timeout=30)["content"]
        assert content["status"] == "ok" and content["matches"] == []
        assert client.complete("tr", 2, reply=True, timeout=30)["content"]["matches"] == ["train"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
