# The tutorial's LSTM in PyTorch, beside bench's LstmEpochBenchmark: LSTM(32) -> ReLU -> Dense(1) on
# 6400 sequences of 10 steps (one feature), mean squared error, Adam (lr 1e-3, eps 1e-7), batch 32.
# Usage: python3 torch_lstm.py [epochs] [threads]. Prints each epoch's training time; the first
# includes PyTorch's own start-up costs for these shapes, as vecgrad's first epoch includes the JIT.
# The data are noisy sine windows like the demo's (the time does not depend on the values).
import sys, time, math, torch, torch.nn as nn
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
torch.manual_seed(0)
n, steps = 6400, 10
start = torch.rand(n, 1) * 2 * math.pi
t = start + torch.arange(steps + 1).float() * 0.3
series = torch.sin(t) + 0.1 * torch.randn(n, steps + 1)
x, y = series[:, :steps].unsqueeze(2), series[:, steps:]
class Net(nn.Module):
    def __init__(s): super().__init__(); s.lstm = nn.LSTM(1, 32, batch_first=True); s.out = nn.Linear(32, 1)
    def forward(s, x): h, _ = s.lstm(x); return s.out(torch.relu(h[:, -1]))
m = Net(); opt = torch.optim.Adam(m.parameters(), lr=1e-3, eps=1e-7); lossf = nn.MSELoss()
for ep in range(epochs):
    t0 = time.perf_counter(); perm = torch.randperm(n)
    for i in range(0, n, 32):
        idx = perm[i:i+32]; opt.zero_grad(); l = lossf(m(x[idx]), y[idx]); l.backward(); opt.step()
    t1 = time.perf_counter()
    print(f"epoch {ep+1}: {t1-t0:.3f} s ({(t1-t0)/n*1e6:.1f} us/sequence), loss {l.item():.4f}", flush=True)
