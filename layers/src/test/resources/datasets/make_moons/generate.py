# Reference data for MakeMoonsTest, produced once with Debian's scikit-learn 1.2.1 / numpy 1.24.2
# (the versions of ../../../../../../../shared/reference). Not run by the build or the tests.
#
#   /usr/bin/python3 generate.py svml                      # a plain call (numpy's AVX-512 SVML cos/sin)
#   NPY_DISABLE_CPU_FEATURES="AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL" \
#       /usr/bin/python3 generate.py glibc                 # numpy falls back to glibc cos/sin
import sys
from sklearn.datasets import make_moons

CASES = [
    dict(n_samples=100, noise=0.1, random_state=1),
    dict(n_samples=101, noise=0.2, random_state=7),
    dict(n_samples=1000, noise=0.05, random_state=0),
    dict(n_samples=100, noise=None, random_state=1, shuffle=False),
    dict(n_samples=57, noise=0.3, random_state=4294967295),
    dict(n_samples=1, noise=0.1, random_state=3),
]

def name(c):
    n = "moons_n%d" % c["n_samples"]
    n += "_nonoise" if c["noise"] is None else "_noise%s" % c["noise"]
    if not c.get("shuffle", True):
        n += "_noshuffle"
    return n + "_rs%d.csv" % c["random_state"]

out = sys.argv[1]
for c in CASES:
    X, y = make_moons(**c)
    with open("%s/%s" % (out, name(c)), "w") as f:
        f.write("x0,x1,y\n")
        for (a, b), label in zip(X, y):
            f.write("%s,%s,%d\n" % (repr(float(a)), repr(float(b)), label))
