package io.lambdaguard.replay;

/** The replay cannot start or cannot run one function: missing build output, bad options, no emulator. */
final class ReplaySetupException extends RuntimeException {
    ReplaySetupException(String message) {
        super(message);
    }

    ReplaySetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
