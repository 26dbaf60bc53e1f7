package io.lambdaguard.remediation;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The events this container has handled to the end, newest last, so a redelivery (EventBridge may
 * deliver twice) is recognised as a repeat without a single AWS call. Bounded: a repeat that
 * reaches another container is still harmless, because the function is read again and is compliant
 * by then.
 */
@Singleton
public final class HandledEvents {
  static final int CAPACITY = 2048;

  // Only the ids: a repeat is answered with its own outcome, not the first one's.
  private final Set<String> handled =
      Collections.newSetFromMap(
          new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > CAPACITY;
            }
          });

  @Inject
  public HandledEvents() {}

  synchronized boolean seen(String eventId) {
    return handled.contains(eventId);
  }

  synchronized void remember(String eventId) {
    handled.add(eventId);
  }
}
