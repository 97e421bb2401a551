package dev.vecgrad.core;

import java.util.Arrays;

/** Shape arithmetic and the checks that turn a wrong shape into a message naming it. */
public final class Shapes {

    private Shapes() {
    }

    /** Number of elements of {@code shape}, after checking every dimension is >= 0 and the product fits an int. */
    public static int checkedSize(int... shape) {
        if (shape == null) {
            throw new NullPointerException("shape");
        }
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + format(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + format(shape)
                        + " has more elements than a Java array can hold");
            }
        }
        return (int) size;
    }

    /** Resolves a {@code -1} in {@code target} and checks the sizes agree. */
    static int[] resolveReshape(int[] from, int[] target) {
        int size = checkedSize(from);
        int[] out = target.clone();
        int unknown = -1;
        long known = 1;
        for (int d = 0; d < out.length; d++) {
            if (out[d] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape " + format(from) + " to "
                            + format(target) + ": at most one dimension may be -1");
                }
                unknown = d;
            } else if (out[d] < 0) {
                throw new IllegalArgumentException("reshape " + format(from) + " to "
                        + format(target) + ": negative dimension");
            } else {
                known *= out[d];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + format(from) + " ("
                        + size + " elements) to " + format(target));
            }
            out[unknown] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException("cannot reshape " + format(from) + " ("
                    + size + " elements) to " + format(target) + " (" + known + " elements)");
        }
        return out;
    }

    /** Throws unless {@code a} and {@code b} are equal, naming the operation and both shapes. */
    public static void requireSame(String what, int[] a, int[] b) {
        if (!Arrays.equals(a, b)) {
            throw new IllegalArgumentException(what + ": shapes " + format(a) + " and "
                    + format(b) + " differ");
        }
    }

    /** {@code (30, 500)}, as numpy prints a shape. */
    public static String format(int... shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            if (d > 0) {
                sb.append(", ");
            }
            sb.append(shape[d]);
        }
        return sb.append(')').toString();
    }
}
