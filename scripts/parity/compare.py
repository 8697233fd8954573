"""Helper for scripts/parity/run: writes the shared data set, then replays grad's runs in PyTorch."""
import csv, json, sys, torch

mode, work = sys.argv[1], sys.argv[2]
if mode == "data":
    torch.manual_seed(0)
    X, Y = torch.randn(256, 5), torch.randint(0, 4, (256,))
    with open(f"{work}/d.csv", "w") as f:
        w = csv.writer(f); w.writerow(["a", "b", "c", "d", "e", "label"])
        for x, y in zip(X.tolist(), Y.tolist()): w.writerow([repr(v) for v in x] + [y])
    sys.exit(0)

rows = list(csv.reader(open(f"{work}/d.csv")))[1:]
X = torch.tensor([[float(v) for v in r[:5]] for r in rows]); Y = torch.tensor([int(r[5]) for r in rows])
optimizers = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.05),
    "momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    "nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.01),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.001),
    "dampening": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.3),
    "amsgrad": lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True),
    "centered": lambda p: torch.optim.RMSprop(p, lr=0.001, momentum=0.5, centered=True),
}
for name, make in optimizers.items():
    init = json.load(open(f"{work}/init_{name}.json"))["state_dict"]
    after = json.load(open(f"{work}/after_{name}.json"))["state_dict"]
    layers, width = [], 5
    for _ in range(3):
        layers += [torch.nn.Linear(width, 16), torch.nn.BatchNorm1d(16), torch.nn.Tanh()]; width = 16
    model = torch.nn.Sequential(*layers, torch.nn.Linear(16, 4))
    model.load_state_dict({k: torch.tensor(v) for k, v in init.items()})
    opt, loss_fn = make(model.parameters()), torch.nn.CrossEntropyLoss()
    for _ in range(20):
        opt.zero_grad(); loss = loss_fn(model(X), Y); loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5); opt.step()
    reference = model.state_dict()
    # A Linear bias right before batch norm has a true gradient of 0; Adam and RMSprop divide its rounding
    # noise by its own tiny scale, so those biases (and the running means after them) may wander. They do
    # not change the network's function and are reported separately.
    pre_norm = {f"{i}.bias" for i in (0, 3, 6)} | {f"{i}.running_mean" for i in (1, 4, 7)}
    worst = max((torch.tensor(v, dtype=torch.float32) - reference[k].float()).abs().max().item()
                for k, v in after.items() if k not in pre_norm)
    wander = max((torch.tensor(after[k], dtype=torch.float32) - reference[k].float()).abs().max().item() for k in pre_norm)
    print(f"{name:9s} max |grad − torch| over weights {worst:.1e}   (pre-norm biases: {wander:.1e})  torch loss {loss.item():.4f}")
