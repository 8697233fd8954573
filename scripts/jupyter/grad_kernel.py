"""grad's Jupyter kernel.

A thin wrapper kernel (ipykernel's documented pattern, as bash_kernel uses): it starts one long-lived
`grad --serve` process and turns each Jupyter request into one request of grad's JSON-lines protocol
(described in grad's README and in Sources/GradREPL/Serve/ServeProtocol.swift). Everything the language
knows -- running cells, diagnostics, charts, completion, help and the incomplete-input check -- is
answered by grad itself; this file only translates messages. `grad jupyter install` copies it into the
kernelspec and sets GRAD_EXECUTABLE to the grad that installed it.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import threading

from ipykernel.kernelbase import Kernel

PROTOCOL = 1
# Replies that end a request; everything else is an event of the running request.
FINAL_REPLIES = {"done", "completions", "help", "completeness", "error"}


class GradProcessEnded(Exception):
    """grad --serve stopped answering (it crashed or was killed)."""


class GradServer:
    """One `grad --serve` child and a thread that reads its replies into a queue.

    The reading happens on a thread so that the kernel's main thread only ever waits on the queue: a
    KeyboardInterrupt (Jupyter's interrupt) then lands between whole replies and never splits a line.
    """

    def __init__(self, executable):
        self.process = subprocess.Popen(
            [executable, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            bufsize=0)
        self.replies = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read_replies, daemon=True).start()
        ready = self._next_reply()
        if ready.get("type") != "ready" or ready.get("protocol") != PROTOCOL:
            raise RuntimeError(f"grad speaks protocol {ready.get('protocol')}, this kernel {PROTOCOL}")
        self.version = ready.get("grad", "")

    def _read_replies(self):
        for line in self.process.stdout:
            try:
                self.replies.put(json.loads(line))
            except ValueError:
                self.replies.put({"id": None, "type": "error", "code": "malformed_reply",
                                  "message": line.decode("utf-8", "replace")})
        self.replies.put(None)

    def _next_reply(self):
        # A timeout keeps the wait interruptible by SIGINT on every platform.
        while True:
            try:
                reply = self.replies.get(timeout=0.2)
            except queue.Empty:
                continue
            if reply is None:
                raise GradProcessEnded()
            return reply

    def request(self, kind, **fields):
        """Sends one request; yields its events and, last, its final reply."""
        self.next_id += 1
        request_id = self.next_id
        line = json.dumps({"id": request_id, "type": kind, **fields}) + "\n"
        try:
            self.process.stdin.write(line.encode("utf-8"))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise GradProcessEnded()
        while True:
            try:
                reply = self._next_reply()
            except KeyboardInterrupt:
                # Jupyter's interrupt: grad stops training at the end of the step and ends the request.
                self.interrupt()
                continue
            if reply.get("id") not in (request_id, None):
                continue
            yield reply
            if reply.get("type") in FINAL_REPLIES:
                return

    def interrupt(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


class GradKernel(Kernel):
    implementation = "grad"
    implementation_version = "1"
    language = "grad"
    language_info = {
        "name": "grad",
        "mimetype": "text/x-grad",
        "file_extension": ".grad",
        "pygments_lexer": "text",
    }
    banner = "grad: experiments on vanishing and exploding gradients"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.executable = os.environ.get("GRAD_EXECUTABLE", "grad")
        self.server = GradServer(self.executable)
        self.implementation_version = self.server.version

    # -- execute ---------------------------------------------------------------------------------------

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        if not code.strip():
            return self._ok()
        diagnostics = []
        status = "error"
        self.progress_open = False
        # While grad runs the cell, Jupyter's interrupt goes to grad (which stops at the end of the step and
        # ends the request) instead of raising KeyboardInterrupt here: raised while a reply was being shown,
        # it escaped the cell, lost its reply and left grad training.
        previous_handler = signal.signal(signal.SIGINT, lambda *_: self.server.interrupt())
        try:
            for reply in self.server.request("run", code=code):
                kind = reply.get("type")
                if kind == "done":
                    status = reply.get("status")
                elif kind == "diagnostic":
                    diagnostics.append(reply["text"])
                elif kind == "error":
                    diagnostics.append(f"grad --serve: {reply.get('message')}\n")
                elif not silent:
                    self._show(kind, reply)
        except GradProcessEnded:
            self._restart()
            return self._error("grad stopped", "grad stopped unexpectedly; a new session was started",
                               diagnostics, silent)
        finally:
            signal.signal(signal.SIGINT, previous_handler)
        if self.progress_open and not silent:
            self._stream("\n")
        if status in ("ok", "expectations_failed"):
            return self._ok()
        if status == "interrupted":
            return self._error("interrupted", "stopped at the end of a step; the model and history are kept",
                               diagnostics, silent)
        first = diagnostics[0].splitlines()[0] if diagnostics else "error"
        return self._error("error", first, diagnostics, silent)

    def _show(self, kind, reply):
        if kind == "text":
            # A result replaces an open progress line, as at the terminal.
            self._stream(("\r" if self.progress_open else "") + reply["text"])
            self.progress_open = False
        elif kind == "progress":
            self._stream("\r" + reply["text"] + ("\n" if reply.get("final") else ""))
            self.progress_open = not reply.get("final")
        elif kind == "figure":
            if self.progress_open:
                self._stream("\n")
                self.progress_open = False
            self.send_response(self.iopub_socket, "display_data", {"data": reply["data"], "metadata": {}})

    def _stream(self, text, name="stdout"):
        self.send_response(self.iopub_socket, "stream", {"name": name, "text": text})

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _error(self, name, value, diagnostics, silent):
        traceback = "".join(diagnostics).rstrip("\n").split("\n") if diagnostics else [value]
        content = {"ename": name, "evalue": value, "traceback": traceback}
        if not silent:
            self.send_response(self.iopub_socket, "error", content)
        return {"status": "error", "execution_count": self.execution_count, **content}

    def _restart(self):
        self.server.close()
        self.server = GradServer(self.executable)

    # -- completion, help, incomplete input --------------------------------------------------------------

    def _final(self, kind, **fields):
        """The final reply of a request that has no events; {} when grad had stopped (it is restarted)."""
        try:
            *_, last = self.server.request(kind, **fields)
            return last
        except GradProcessEnded:
            self._restart()
            return {}

    def do_complete(self, code, cursor_pos):
        reply = self._final("complete", code=code, cursor=cursor_pos)
        return {"status": "ok", "matches": reply.get("matches", []), "metadata": {},
                "cursor_start": reply.get("start", cursor_pos), "cursor_end": reply.get("end", cursor_pos)}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self._final("inspect", code=code, cursor=cursor_pos)
        found = bool(reply.get("found"))
        return {"status": "ok", "found": found, "metadata": {},
                "data": {"text/plain": reply["text"]} if found else {}}

    def do_is_complete(self, code):
        reply = self._final("is_complete", code=code)
        if reply.get("status") == "incomplete":
            return {"status": "incomplete", "indent": "    "}
        return {"status": "complete"}

    def do_shutdown(self, restart):
        self.server.close()
        return {"status": "ok", "restart": restart}


if __name__ == "__main__":
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(kernel_class=GradKernel)
