# A copy of the reference script in the shared folder, with a fifth argument: the seed (default 0, as there).
# PyTorch reference for the tutorial's CNN listing on Fashion-MNIST (Debian dataset-fashion-mnist):
# Conv2D(32,3x3,relu) -> Conv2D(32,3x3,relu) -> MaxPool(2) -> [GaussianNoise(s)] -> Flatten -> Dense(10) softmax,
# Keras defaults (Glorot-uniform, zero bias, Adam 1e-3 eps 1e-7, batch 32), inputs scaled to [0,1].
# Usage: python3 torch_fashion_cnn.py [n_train] [epochs] [noise] [threads] [seed]
# The data directory: $FASHION_MNIST_DIR, else where Debian's dataset-fashion-mnist package put the files.
# Prints, per epoch: training time per image, test accuracy (10,000 images, batch 100), evaluation time.
import gzip, os, subprocess, sys, time, numpy as np, torch, torch.nn as nn
D = os.environ.get("FASHION_MNIST_DIR") or os.path.dirname(next(
    l for l in subprocess.run(["dpkg", "-L", "dataset-fashion-mnist"], capture_output=True, text=True).stdout.split()
    if l.endswith("train-images-idx3-ubyte.gz")))
D = D.rstrip("/") + "/"
def idx(name):
    with gzip.open(D + name) as f: b = f.read()
    nd = b[3]; dims = [int.from_bytes(b[4+4*i:8+4*i], "big") for i in range(nd)]
    return np.frombuffer(b, np.uint8, offset=4+4*nd).reshape(dims)
n_train = int(sys.argv[1]) if len(sys.argv) > 1 else 60000
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
noise = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
xtr = torch.tensor(idx("train-images-idx3-ubyte.gz")[:n_train], dtype=torch.float32).unsqueeze(1) / 255
ytr = torch.tensor(idx("train-labels-idx1-ubyte.gz")[:n_train].astype(np.int64))
xte = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
yte = torch.tensor(idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
class GN(nn.Module):
    def __init__(s, sd): super().__init__(); s.sd = sd
    def forward(s, x): return x + torch.randn_like(x) * s.sd if s.training and s.sd > 0 else x
torch.manual_seed(int(sys.argv[5]) if len(sys.argv) > 5 else 0)
m = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2), GN(noise), nn.Flatten(), nn.Linear(32*12*12, 10))
for p in m.modules():
    if isinstance(p, (nn.Conv2d, nn.Linear)): nn.init.xavier_uniform_(p.weight); nn.init.zeros_(p.bias)
opt = torch.optim.Adam(m.parameters(), lr=1e-3, eps=1e-7); lossf = nn.CrossEntropyLoss()
for ep in range(epochs):
    m.train(); t0 = time.perf_counter(); perm = torch.randperm(n_train)
    for i in range(0, n_train, 32):
        idxs = perm[i:i+32]; opt.zero_grad(); l = lossf(m(xtr[idxs]), ytr[idxs]); l.backward(); opt.step()
    t1 = time.perf_counter(); m.eval()
    with torch.no_grad(): acc = sum((m(xte[i:i+100]).argmax(1) == yte[i:i+100]).sum().item() for i in range(0, 10000, 100)) / 10000
    t2 = time.perf_counter()
    print(f"epoch {ep+1}: train {t1-t0:.2f} s ({(t1-t0)/n_train*1e6:.0f} us/image), test acc {acc:.4f}, eval {t2-t1:.2f} s", flush=True)
