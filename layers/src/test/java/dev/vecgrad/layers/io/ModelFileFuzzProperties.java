package dev.vecgrad.layers.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vecgrad.layers.Conv2D;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.Flatten;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.LSTM;
import dev.vecgrad.layers.MaxPooling2D;
import dev.vecgrad.layers.models.Sequential;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Damaged and forged model files, thousands of them: valid files of three models, truncated,
 * with bytes flipped, inserted or deleted, with 32-bit fields overwritten by extreme values,
 * with the configuration's text edited; half of them with the checksum recomputed afterwards,
 * as a forger would, so that the parser itself is exercised and not only the checksum.
 * Loading must either succeed or throw {@link ModelFileException}: never another exception,
 * never an error such as {@code OutOfMemoryError}.
 */
class ModelFileFuzzProperties {

    static final List<byte[]> VALID = List.of(ModelFile.encode(mlp(), null), ModelFile.encode(cnn(), null), ModelFile.encode(lstm(), null));

    static Sequential mlp() {
        Sequential m = new Sequential(5);
        m.add(new Dense(6, "relu").inputDim(2));
        m.add(new GaussianNoise(0.1));
        m.add(new Dense(1, "sigmoid"));
        m.compile("binary_crossentropy", "adam", "accuracy");
        return m;
    }

    static Sequential cnn() {
        Sequential m = new Sequential(6);
        m.add(new Conv2D(2, 3).padding("same").activation("relu").inputShape(5, 5, 1));
        m.add(new MaxPooling2D());
        m.add(new Flatten());
        m.add(new Dense(1));
        return m;
    }

    static Sequential lstm() {
        Sequential m = new Sequential(7);
        m.add(new LSTM(3).inputShape(4, 2));
        m.add(new Dense(1));
        m.compile("mse", "sgd");
        return m;
    }

    @Property(tries = 3000)
    void damagedFilesLoadOrAreRefusedWithModelFileException(@ForAll @IntRange(min = 0, max = 2) int which,
                                                            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = mutate(VALID.get(which).clone(), random);
        if (random.nextBoolean() && bytes.length >= 4) {
            ModelFileTest.withChecksum(bytes);
        }
        try {
            Sequential loaded = ModelFile.decode(bytes, "fuzzed");
            assertTrue(loaded.isBuilt());
        } catch (ModelFileException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        } catch (Throwable t) {
            fail("a damaged file must be refused with ModelFileException, got " + t, t);
        }
    }

    /** What a JSON edit writes: structure, digits, letters of the literals, a backslash, a non-ASCII byte. */
    static final String JSON_CHARACTERS = "{}[]\",:0123456789-.eEtrufalsn \\xA\u00ff";

    static byte[] mutate(byte[] b, SplittableRandom random) {
        int configLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        switch (random.nextInt(6)) {
            case 0 -> {                                   // truncate
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 1 -> {                                   // flip a few bits anywhere
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            case 2 -> {                                   // edit the configuration's text
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    b[16 + random.nextInt(configLength)] = (byte) JSON_CHARACTERS
                            .charAt(random.nextInt(JSON_CHARACTERS.length()));
                }
                return b;
            }
            case 3 -> {                                   // an extreme value in a 32-bit field
                int at = random.nextInt(b.length - 3);
                int[] extremes = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, 65536, random.nextInt()};
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, extremes[random.nextInt(extremes.length)]);
                return b;
            }
            case 4 -> {                                   // insert bytes
                int at = random.nextInt(b.length + 1);
                byte[] extra = new byte[1 + random.nextInt(16)];
                random.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                return out;
            }
            default -> {                                  // delete bytes
                int at = random.nextInt(b.length);
                int n = Math.min(b.length - at, 1 + random.nextInt(16));
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                return out;
            }
        }
    }
}
