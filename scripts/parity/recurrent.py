"""Helper for scripts/parity/recurrent: `prepare` writes the data and one grad script per run; `compare` replays
each run in PyTorch from grad's initial weights and checks grad's weights after 20 steps and its loss."""
import csv, json, os, re, sys, torch

ROWS, STEPS, FEATURES, CLASSES = 128, 8, 3, 3
TOLERANCE = 1e-5  # max |grad − torch| per weight, and relative difference of the loss
# name: (net, loss, grad's optimizer, the same in torch, clip norm or None). Between them the runs cover each
# cell at 1 and 2 layers, both losses, optimizers with state (momentum, Nesterov, Adam, RMSprop) and clipping
# (0.1 is below these nets' gradient norms, so it acts on most of the 20 steps: 20, 19 and 10 of them).
RUNS = {
    "rnn1": ("rnn 1x8 tanh", "mse", "sgd lr 0.05", lambda p: torch.optim.SGD(p, lr=0.05), None),
    "rnn2": ("rnn 2x8 tanh", "xent", "momentum 0.9 lr 0.05", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), 0.1),
    "relu1": ("rnn 1x8 relu", "mse", "sgd lr 0.02", lambda p: torch.optim.SGD(p, lr=0.02), None),
    "lstm1": ("lstm 1x8", "xent", "adam lr 0.01", lambda p: torch.optim.Adam(p, lr=0.01), None),
    "lstm2": ("lstm 2x8", "mse", "adam lr 0.01", lambda p: torch.optim.Adam(p, lr=0.01), 0.1),
    "gru1": ("gru 1x8", "xent", "nesterov 0.9 lr 0.05",
             lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True), 0.1),
    "gru2": ("gru 2x8", "mse", "rmsprop lr 0.001", lambda p: torch.optim.RMSprop(p, lr=0.001), None),
}
DATA = {"mse": ("regression", "regression"), "xent": ("classes", "classification")}  # loss: (file, task)


class Model(torch.nn.Module):
    """grad's recurrent net: a torch RNN/LSTM/GRU stack, then a Linear head on the last step's top hidden state."""

    def __init__(self, net, outputs):
        super().__init__()
        cell, shape, *activation = net.split()
        layers, hidden = map(int, shape.split("x"))
        options = {"nonlinearity": activation[0]} if cell == "rnn" else {}
        kind = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
        self.rnn = kind(FEATURES, hidden, num_layers=layers, batch_first=True, **options)
        self.head = torch.nn.Linear(hidden, outputs)

    def forward(self, x):
        return self.head(self.rnn(x)[0][:, -1])

    # grad saves the stack as rnn.* (torch's own names) and the head as 0.*; each part loads strictly, so
    # a missing, extra or misshapen tensor fails here.
    def parts(self):
        return {"rnn.": self.rnn, "0.": self.head}

    def load(self, state):
        parts = self.parts()
        unknown = [k for k in state if not k.startswith(tuple(parts))]
        assert not unknown, f"tensors torch has no place for: {unknown}"
        for prefix, module in parts.items():
            module.load_state_dict({k.removeprefix(prefix): torch.tensor(v) for k, v in state.items()
                                    if k.startswith(prefix)})
        return self

    def state(self):
        return {f"{p}{k}": v for p, m in self.parts().items() for k, v in m.state_dict().items()}


def read(path):
    """Returns X as (rows, STEPS, FEATURES), time-major as grad's 'steps' splits a row, and the target column."""
    rows = list(csv.reader(open(path)))[1:]
    x = torch.tensor([[float(v) for v in r[:-1]] for r in rows]).view(len(rows), STEPS, FEATURES)
    return x, [r[-1] for r in rows]


def prepare(work):
    torch.manual_seed(0)
    x = torch.randn(ROWS, STEPS, FEATURES)
    # Targets that depend on early and late steps, so gradients flow back through time.
    targets = {"regression": (x[:, 0, 0] * x[:, -1, 1] + x[:, :, 2].mean(1)).tolist(),
               "classes": x[:, ::2].sum(1).argmax(1).tolist()}
    for name, y in targets.items():
        with open(f"{work}/{name}.csv", "w") as f:
            w = csv.writer(f)
            w.writerow([f"x{t}_{i}" for t in range(STEPS) for i in range(FEATURES)] + ["y"])
            w.writerows([repr(v) for v in row] + [repr(t)] for row, t in zip(x.view(ROWS, -1).tolist(), y))
    template = open(f"{os.path.dirname(__file__)}/recurrent.grad").read()
    for name, (net, loss, optim, _, clip) in RUNS.items():
        data, task = DATA[loss]
        words = {"NAME": name, "DATA": data, "TASK": task, "NET": net, "STEPS": STEPS, "LOSS": loss,
                 "OPTIM": optim, "CLIP": f"norm {clip}" if clip else "off", "ROWS": ROWS}
        open(f"{work}/{name}.grad", "w").write(re.sub(r"@([A-Z]+)@", lambda m: str(words[m[1]]), template))


def compare(work):
    torch.set_num_threads(1)  # deterministic, and leaves the other core alone
    failed = False
    for name, (net, loss, optim, make, clip) in RUNS.items():
        x, y = read(f"{work}/{DATA[loss][0]}.csv")
        if loss == "xent":
            y, outputs, loss_fn = torch.tensor([int(v) for v in y]), CLASSES, torch.nn.CrossEntropyLoss()
        else:
            y, outputs, loss_fn = torch.tensor([[float(v)] for v in y]), 1, torch.nn.MSELoss()
        model = Model(net, outputs).load(json.load(open(f"{work}/init_{name}.json"))["state_dict"])
        opt = make(model.parameters())
        for _ in range(20):
            opt.zero_grad(); loss_fn(model(x), y).backward()
            if clip: torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
        # Every tensor, grouped by family (weight_ih_l0 and _l1 together; the head as 'head').
        after = json.load(open(f"{work}/after_{name}.json"))["state_dict"]
        families = {}
        for key, value in model.state().items():
            family = "head" if key.startswith("0.") else re.sub(r"^rnn\.|_l\d+$", "", key)
            diff = (torch.tensor(after[key]) - value).abs().max().item()
            families[family] = max(families.get(family, 0.0), diff)
        worst = max(families.values())
        # The saved model, loaded into fresh torch modules, must give the loss grad computed with it.
        grad_loss = float(open(f"{work}/{name}.out").read().split()[-1])
        with torch.no_grad():
            torch_loss = loss_fn(Model(net, outputs).load(after)(x), y).item()
        relative = abs(torch_loss - grad_loss) / abs(grad_loss)
        ok = worst <= TOLERANCE and relative <= TOLERANCE
        failed |= not ok
        detail = "  ".join(f"{f} {d:.1e}" for f, d in families.items())
        print(f"{name:6s} {net:13s} {loss:4s} {optim:21s} clip {str(clip or 'off'):4s} max {worst:.1e}  ({detail})"
              f"  loaded-model loss grad {grad_loss:.7f} torch {torch_loss:.7f} (rel {relative:.0e})"
              f"{'' if ok else '  FAIL'}")
    if failed:
        sys.exit(f"recurrent parity: a weight or loss differs by more than {TOLERANCE:g}")


{"prepare": prepare, "compare": compare}[sys.argv[1]](sys.argv[2])
