# The tutorial's case study in PyTorch, beside bench's TrainingBenchmark.wholeRun: Dense(500, relu) ->
# Dense(1, sigmoid) on make_circles' first 30 points, binary cross-entropy, Adam (lr 1e-3, eps 1e-7),
# one batch of 30 a step (shuffled each epoch), the other 70 points evaluated after every epoch (loss
# and accuracy, as Keras' validation_data), 4000 epochs a run. Variant "a" has no noise; "c" puts
# GaussianNoise(0.1) between the hidden layer's product and its ReLU (training only), as the demo's c.
# Usage: python3 torch_case_study.py [variant a|c] [runs] [threads]. Prints each run's wall time;
# the first includes PyTorch's own start-up costs for these shapes.
import sys, time, math, torch, torch.nn as nn
variant = sys.argv[1] if len(sys.argv) > 1 else "c"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
torch.manual_seed(0)
# make_circles(100, noise=0.1, factor=0.5): the time does not depend on the exact points.
n = 100
angles = torch.rand(n) * 2 * math.pi
inner = torch.arange(n) % 2 == 1
radius = torch.where(inner, torch.tensor(0.5), torch.tensor(1.0))
x = torch.stack([radius * torch.cos(angles), radius * torch.sin(angles)], 1) + 0.1 * torch.randn(n, 2)
y = inner.float().unsqueeze(1)
xt, yt, xv, yv = x[:30], y[:30], x[30:], y[30:]

class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.hidden = nn.Linear(2, 500); s.out = nn.Linear(500, 1)
    def forward(s, x):
        z = s.hidden(x)
        if variant == "c" and s.training:
            z = z + 0.1 * torch.randn_like(z)
        return s.out(torch.relu(z))

lossf = nn.BCEWithLogitsLoss()
for run in range(runs):
    t0 = time.perf_counter()
    m = Net(); opt = torch.optim.Adam(m.parameters(), lr=1e-3, eps=1e-7)
    for ep in range(4000):
        m.train(); perm = torch.randperm(30)
        opt.zero_grad(); logits = m(xt[perm]); l = lossf(logits, yt[perm]); l.backward(); opt.step()
        acc = ((logits > 0).float() == yt[perm]).float().mean()
        m.eval()
        with torch.no_grad():
            vl = m(xv); vloss = lossf(vl, yv); vacc = ((vl > 0).float() == yv).float().mean()
    t1 = time.perf_counter()
    print(f"run {run+1} ({variant}): {t1-t0:.3f} s, val accuracy {vacc.item():.3f}", flush=True)
