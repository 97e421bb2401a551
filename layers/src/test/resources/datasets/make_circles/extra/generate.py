# Extra edge cases for MakeCirclesTest beyond the shared reference CSVs, produced once with
# Debian's scikit-learn 1.2.1 / numpy 1.24.2. Not run by the build or the tests.
#
#   /usr/bin/python3 generate.py svml
#   NPY_DISABLE_CPU_FEATURES="AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL" \
#       /usr/bin/python3 generate.py glibc
import sys
from sklearn.datasets import make_circles

CASES = [
    dict(n_samples=1, noise=0.1, random_state=3),
    dict(n_samples=2, noise=0.1, random_state=3),
    dict(n_samples=101, noise=0.2, random_state=7, factor=0.3),
    dict(n_samples=57, noise=0.1, random_state=123, factor=0.8),
    dict(n_samples=64, noise=0.0, random_state=4294967295, factor=0.0),
]

def name(c):
    n = "circles_n%d_noise%s_rs%d" % (c["n_samples"], c["noise"], c["random_state"])
    if "factor" in c:
        n += "_f%s" % c["factor"]
    return n + ".csv"

out = sys.argv[1]
for c in CASES:
    X, y = make_circles(**c)
    with open("%s/%s" % (out, name(c)), "w") as f:
        f.write("x0,x1,y\n")
        for (a, b), label in zip(X, y):
            f.write("%s,%s,%d\n" % (repr(float(a)), repr(float(b)), label))
