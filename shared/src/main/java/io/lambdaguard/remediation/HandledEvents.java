package io.lambdaguard.remediation;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The events this container has handled to the end, newest last, so a redelivery (EventBridge may
 * deliver twice) is recognised as a repeat without a single AWS call. Bounded: a repeat that reaches
 * another container is still harmless, because the function is read again and is compliant by then.
 */
@Singleton
public final class HandledEvents {
  static final int CAPACITY = 2048;

  private final Map<String, RunResult> handled =
      new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunResult> eldest) {
          return size() > CAPACITY;
        }
      };

  @Inject
  public HandledEvents() {}

  synchronized Optional<RunResult> find(String eventId) {
    return Optional.ofNullable(handled.get(eventId));
  }

  synchronized void remember(RunResult result) {
    handled.put(result.eventId(), result);
  }
}
