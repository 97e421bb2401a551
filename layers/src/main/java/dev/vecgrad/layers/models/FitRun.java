package dev.vecgrad.layers.models;

import dev.vecgrad.core.Tensor;
import java.util.zip.CRC32;

/**
 * The fit under way, as a callback that saves it needs it: the options that decide what it
 * computes, the training data (to tell whether a backup was made from the same), and its
 * history so far.
 *
 * @param seed the fit's seed (the model's unless the fit gave one)
 */
record FitRun(int epochs, int batchSize, boolean shuffle, long seed, Tensor x, Tensor y, boolean validation,
              History history) {

    /** A CRC-32 of the training inputs' and labels' float bits and shapes: equal data, equal sum. */
    long dataChecksum() {
        CRC32 crc = new CRC32();
        for (Tensor t : new Tensor[] {x, y}) {
            for (int d : t.shape()) {
                crc.update(d);
            }
            byte[] bytes = new byte[4 * 4096];
            for (int from = 0; from < t.size(); from += 4096) {
                int count = Math.min(4096, t.size() - from);
                for (int i = 0; i < count; i++) {
                    int bits = Float.floatToRawIntBits(t.data()[t.offset() + from + i]);
                    bytes[4 * i] = (byte) bits;
                    bytes[4 * i + 1] = (byte) (bits >>> 8);
                    bytes[4 * i + 2] = (byte) (bits >>> 16);
                    bytes[4 * i + 3] = (byte) (bits >>> 24);
                }
                crc.update(bytes, 0, 4 * count);
            }
        }
        return crc.getValue();
    }
}
