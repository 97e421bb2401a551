package dev.vecgrad.spark;

/** A run that threw on an executor: the message names the run, the executor and the error. */
final class RunFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
