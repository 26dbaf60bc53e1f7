package io.lambdaguard.personaldata;

import java.util.Objects;

/**
 * Where personal data of one kind sits in a string: the half-open range {@code [start, end)}.
 *
 * <p>A finding deliberately carries positions and never the matched text, so it can be logged, put
 * into a ticket or a metric without leaking the value it points at.
 *
 * @param kind what kind of personal data the range holds
 * @param start index of the first character, inclusive
 * @param end index after the last character, exclusive
 */
public record Finding(PersonalDataKind kind, int start, int end) {

  public Finding {
    Objects.requireNonNull(kind, "kind");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("invalid finding range [" + start + ", " + end + ")");
    }
  }

  /** Returns the number of characters the finding covers. */
  public int length() {
    return end - start;
  }
}
