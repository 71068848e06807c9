package dev.kumapush.alertmanager;

/** A webhook body the bridge cannot use; the message is short and fit for a 400 answer. */
public final class PayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public PayloadException(String message) {
        super(message);
    }

    public PayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
