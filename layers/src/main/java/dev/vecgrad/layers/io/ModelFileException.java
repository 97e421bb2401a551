package dev.vecgrad.layers.io;

import java.io.IOException;

/**
 * A model file that cannot be loaded: not a vecgrad model, a format version this code does
 * not read, truncated, corrupted (checksum mismatch), or inconsistent (a configuration that
 * does not fit its weights). The only exception {@link ModelFile#load} throws for a file's
 * content; an unreadable or missing file is a plain {@link IOException}.
 */
public class ModelFileException extends IOException {

    public ModelFileException(String message) {
        super(message);
    }
}
