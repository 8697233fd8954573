"""Shared fixtures for the tests that drive grad's adapters with real clients (run by scripts/test)."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def grad():
    """The grad binary under test: $GRAD_EXECUTABLE (scripts/test sets it to the release build)."""
    path = os.environ.get("GRAD_EXECUTABLE")
    if not path:
        pytest.fail("GRAD_EXECUTABLE is not set: run these tests through scripts/test")
    return path


@pytest.fixture(scope="session")
def jupyter_prefix(grad, tmp_path_factory):
    """grad's kernelspec installed by `grad jupyter install --prefix`, visible to Jupyter through JUPYTER_PATH."""
    prefix = tmp_path_factory.mktemp("jupyter-prefix")
    import sys

    result = subprocess.run([grad, "jupyter", "install", "--prefix", str(prefix), "--python", sys.executable],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    return prefix
