package dev.kumapush.kuma;

/** Told about every try and every push, for metrics. Calls must be quick and must not throw. */
public interface PushObserver {

    /** One try ended; {@code ok} when Kuma answered {@code {"ok":true}}. */
    void attempt(Monitor monitor, boolean ok);

    /** One push (all its tries) ended. */
    void pushed(Monitor monitor, KumaStatus status, PushOutcome outcome);

    /** A push joined an identical one in flight instead of sending a request. */
    void joined(Monitor monitor);

    /** Tells each of these, in order. */
    static PushObserver all(PushObserver... observers) {
        PushObserver[] all = observers.clone();
        return new PushObserver() {
            @Override
            public void attempt(Monitor monitor, boolean ok) {
                for (PushObserver o : all) {
                    o.attempt(monitor, ok);
                }
            }

            @Override
            public void pushed(Monitor monitor, KumaStatus status, PushOutcome outcome) {
                for (PushObserver o : all) {
                    o.pushed(monitor, status, outcome);
                }
            }

            @Override
            public void joined(Monitor monitor) {
                for (PushObserver o : all) {
                    o.joined(monitor);
                }
            }
        };
    }

    PushObserver NONE = new PushObserver() {
        @Override
        public void attempt(Monitor monitor, boolean ok) {
        }

        @Override
        public void pushed(Monitor monitor, KumaStatus status, PushOutcome outcome) {
        }

        @Override
        public void joined(Monitor monitor) {
        }
    };
}
