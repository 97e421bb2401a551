# The OpenBLAS baseline for GemmBenchmark: numpy's float32 matmul, C = A B, square n = 512 and
# 1024, in the same process layout as vecgrad's (one thread when run as below). Prints the best
# and median GFLOP/s of 5 timed rounds, each the mean of several products after a warm-up.
# Usage (one thread, pinned, with this machine's OpenBLAS overrides lifted for this command only):
#   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
#       taskset -c 1 python3 bench/python/numpy_gemm.py
import time
import numpy as np

for n in (512, 1024):
    a = np.random.rand(n, n).astype(np.float32)
    b = np.random.rand(n, n).astype(np.float32)
    c = np.empty((n, n), np.float32)
    for _ in range(5):
        np.matmul(a, b, out=c)
    reps = 40 if n == 512 else 8
    times = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            np.matmul(a, b, out=c)
        times.append((time.perf_counter() - t) / reps)
    times.sort()
    print(n, "GFLOP/s best %.0f median %.0f" % (2 * n ** 3 / times[0] / 1e9, 2 * n ** 3 / times[2] / 1e9))
