package dev.vecgrad.layers.datasets;

import java.io.IOException;

/** A file that is not the IDX data it should be; the message starts with the file's path. */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }
}
