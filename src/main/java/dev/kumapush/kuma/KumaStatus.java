package dev.kumapush.kuma;

/** The state a push reports to Kuma, as its {@code status} query parameter spells it. */
public enum KumaStatus {
    UP("up"),
    DOWN("down");

    private final String wire;

    KumaStatus(String wire) {
        this.wire = wire;
    }

    /** The value of the {@code status} parameter. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
