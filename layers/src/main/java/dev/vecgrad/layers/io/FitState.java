package dev.vecgrad.layers.io;

import java.util.Map;

/**
 * What a backup file carries beside the model: the fit it was saved from, so that the fit can
 * go on after an interruption ({@link dev.vecgrad.layers.models.BackupAndRestore}). The
 * options that decide what the fit computes, a checksum of its training data, and the logs of
 * the epochs it has run.
 *
 * @param epochs        the epochs the fit asked for
 * @param seed          the fit's seed (its shuffle and noise)
 * @param dataChecksum  a CRC-32 of the training inputs' and labels' bits and shapes
 * @param validation    whether the fit evaluated validation data after each epoch
 * @param history       each logged quantity's values, one per epoch run
 */
public record FitState(int epochs, int batchSize, boolean shuffle, long seed, long dataChecksum, boolean validation,
                       Map<String, double[]> history) {
}
