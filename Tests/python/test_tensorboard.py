"""`export tensorboard`, read back with TensorBoard's own loader (EventAccumulator): every tag, step and value
must be grad's history, as `export history` writes it."""

import csv
import math
import pathlib
import struct
import subprocess

import numpy
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

PROGRAM = """
seed 4
data spiral 600 classes 3
split 0.8
net dense 4x16 tanh init xavier
clip norm 0.5
batch 64
train 3
run "tanh"
net dense 4x16 relu init he
train 2
export history "history.csv"
export grads "grads.csv"
export tensorboard "runs/now"
print "test", test_loss, test_acc
"""


def grad_run(grad, folder, program):
    result = subprocess.run([grad, "-e", program], cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def load(folder):
    accumulator = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0})
    accumulator.Reload()
    return accumulator


def f32(value):
    return float(numpy.float32(value))


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.fixture(scope="module")
def exported(grad, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tensorboard")
    output = grad_run(grad, folder, PROGRAM)
    with open(folder / "history.csv") as file:
        history = list(csv.DictReader(file))
    with open(folder / "grads.csv") as file:
        gradients = list(csv.DictReader(file))
    return folder, history, gradients, output


def test_every_scalar_is_the_history_at_its_step(exported):
    folder, history, _, _ = exported
    events = load(folder / "runs" / "now")
    layers = 5
    expected = {
        "loss/train": "loss", "accuracy/train": "accuracy",
        "grad_norm/before_clipping": "grad_norm_before", "grad_norm/after_clipping": "grad_norm_after",
    }
    for layer in range(1, layers + 1):
        for tag, column in [("weight_grad_norm", "weight_grad_norm"), ("update_ratio", "update_ratio"),
                            ("saturated", "saturated"), ("dead", "dead")]:
            expected[f"{tag}/layer_{layer:02d}"] = f"layer{layer}.{column}"
    tags = set(events.Tags()["scalars"])
    assert tags == set(expected) | {"loss/test", "accuracy/test"}
    for tag, column in expected.items():
        points = events.Scalars(tag)
        assert [point.step for point in points] == [int(row["step"]) for row in history], tag
        for point, row in zip(points, history):
            assert same(point.value, f32(float(row[column]))), (tag, point.step, point.value, row[column])


def test_test_loss_and_accuracy_are_written_per_epoch(exported):
    folder, history, _, output = exported
    events = load(folder / "runs" / "now")
    losses, accuracies = events.Scalars("loss/test"), events.Scalars("accuracy/test")
    epochs = {}
    for row in history:
        epochs[int(row["epoch"])] = int(row["step"])
    assert [point.step for point in losses] == sorted(epochs.values())
    assert [point.step for point in accuracies] == sorted(epochs.values())
    # `print` shows four decimals: that is as close as the printed values can say.
    _, test_loss, test_acc = output.strip().splitlines()[-1].split()
    assert losses[-1].value == pytest.approx(float(test_loss), abs=5e-5)
    assert accuracies[-1].value == pytest.approx(float(test_acc), abs=5e-5)


def test_gradient_histograms_are_captured_at_every_recorded_step(exported):
    folder, history, gradients, _ = exported
    events = load(folder / "runs" / "now")
    steps = [int(row["step"]) for row in history]
    assert set(events.Tags()["histograms"]) == {f"weight_grads/layer_{n:02d}" for n in range(1, 6)} | {
        f"activations/layer_{n:02d}" for n in range(1, 5)}
    for tag in events.Tags()["histograms"]:
        histograms = events.Histograms(tag)
        assert [h.step for h in histograms] == steps, tag
        for histogram in histograms:
            value = histogram.histogram_value
            assert sum(value.bucket) == value.num > 0
            assert list(value.bucket_limit) == sorted(value.bucket_limit) and value.bucket_limit[-1] == value.max
    # At the last step the gradients are those `export grads` wrote.
    for layer in range(1, 6):
        values = [float(row["gradient"]) for row in gradients if row["layer"] == str(layer) and row["role"] == "weight"]
        value = events.Histograms(f"weight_grads/layer_{layer:02d}")[-1].histogram_value
        assert value.num == len(values)
        assert value.min == pytest.approx(min(values), rel=1e-6) and value.max == pytest.approx(max(values), rel=1e-6)
        assert value.sum == pytest.approx(sum(values), rel=1e-4, abs=1e-9)
    # Activations at every recorded step: the first 256 training rows (480 after the split) through 16 ReLU
    # units, the same rows each time, so the histograms move only as the weights do.
    for layer in range(1, 5):
        histograms = events.Histograms(f"activations/layer_{layer:02d}")
        assert all(h.histogram_value.num == 256 * 16 and h.histogram_value.min >= 0 for h in histograms)
        assert histograms[0].histogram_value.bucket != histograms[-1].histogram_value.bucket


def test_a_long_run_keeps_at_most_64_evenly_spread_histogram_steps(grad, tmp_path):
    grad_run(grad, tmp_path, 'seed 1\ndata moons 200\nnet dense 2x8 relu\nbatch 8\ntrain 300 steps\nexport tensorboard "r"')
    steps = [h.step for h in load(tmp_path / "r").Histograms("weight_grads/layer_01")]
    assert 32 <= len(steps) <= 65 and steps[-1] == 300
    gaps = {b - a for a, b in zip(steps, steps[1:-1])}
    assert len(gaps) == 1, steps


def test_kept_runs_are_sub_runs(exported):
    folder, _, _, _ = exported
    events = load(folder / "runs" / "now" / "tanh")
    assert set(events.Tags()["scalars"]) >= {"loss/train", "accuracy/test", "weight_grad_norm/layer_01"}
    steps = [point.step for point in events.Scalars("loss/train")]
    assert steps == list(range(1, len(steps) + 1))
    assert events.Scalars("accuracy/test")[-1].step == steps[-1]


def test_sweep_cells_become_sub_runs(grad, tmp_path):
    output = grad_run(grad, tmp_path, """
seed 1
data moons 200
net dense 2x8 relu
sweep act [relu tanh] depth [2] { train 1 }
export tensorboard "runs/sweep"
show runs
""")
    folders = sorted(path.name for path in (tmp_path / "runs" / "sweep").iterdir() if path.is_dir())
    assert len(folders) == 2
    for name in folders:
        assert name in output
        assert load(tmp_path / "runs" / "sweep" / name).Scalars("loss/train")


def test_a_second_export_replaces_the_first(grad, tmp_path):
    grad_run(grad, tmp_path, 'data moons 200\nnet dense 2x8 relu\ntrain 1\nexport tensorboard "r"\ntrain 1\nexport tensorboard "r"')
    files = list((tmp_path / "r").glob("events.out.tfevents.*"))
    assert len(files) == 1
    assert load(tmp_path / "r").Scalars("loss/train")[-1].step == 8


def test_records_are_framed_with_masked_crc32c(grad, tmp_path):
    grad_run(grad, tmp_path, 'data moons 200\nnet dense 2x8 relu\ntrain 1\nexport tensorboard "r"')
    (path,) = (tmp_path / "r").glob("events.out.tfevents.*")
    from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c

    data = path.read_bytes()
    offset, records = 0, 0
    while offset < len(data):
        (length,) = struct.unpack_from("<Q", data, offset)
        (length_crc,) = struct.unpack_from("<I", data, offset + 8)
        assert length_crc == masked_crc32c(data[offset:offset + 8])
        body = data[offset + 12:offset + 12 + length]
        (body_crc,) = struct.unpack_from("<I", data, offset + 12 + length)
        assert body_crc == masked_crc32c(body)
        offset += 12 + length + 4
        records += 1
    assert offset == len(data) and records > 2


def test_export_before_training_is_a_clear_error(grad, tmp_path):
    result = subprocess.run([grad, "-e", 'data moons 100\nexport tensorboard "r"'], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "error:" in result.stderr and "^" in result.stderr
    assert not (tmp_path / "r").exists()


RECURRENT = """
seed 2
data adding 128 length 10
net lstm 1x8
batch 32
train 2
export history "history.csv"
export tensorboard "runs/rnn"
"""


def test_a_recurrent_nets_time_ratio_and_spectrum_are_scalars_tensorboard_reads(grad, tmp_path):
    grad_run(grad, tmp_path, RECURRENT)
    with open(tmp_path / "history.csv") as file:
        history = list(csv.DictReader(file))
    accumulator = load(tmp_path / "runs" / "rnn")
    ratios = accumulator.Scalars("time_ratio/rnn1")
    assert [event.step for event in ratios] == [int(row["step"]) for row in history]
    assert [event.value for event in ratios] == [f32(float(row["rnn1.time_ratio"])) for row in history]
    radii = accumulator.Scalars("spectral_radius/rnn1")
    assert [event.value for event in radii] == [f32(float(row["rnn1.spectral_radius"])) for row in history]
