package io.lambdaguard.personaldata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Rewrites only the spans of a string that findings point at, leaving the rest intact. */
public final class Redaction {

  private Redaction() {}

  /**
   * Returns {@code [redacted:KIND]}, e.g. {@code [redacted:email]}; for descriptions. AWS tag
   * values reject square brackets: use {@link #tagSafeMarker(PersonalDataKind)} there.
   */
  public static String marker(PersonalDataKind kind) {
    return "[redacted:" + kind.label() + "]";
  }

  /**
   * Returns {@code redacted:KIND}, e.g. {@code redacted:email}, which uses only characters that
   * Lambda accepts in tag keys and values (letters, digits, spaces and {@code _.:/=+-@}).
   */
  public static String tagSafeMarker(PersonalDataKind kind) {
    return "redacted:" + kind.label();
  }

  /** Replaces each finding's span with {@link #marker(PersonalDataKind)}. */
  public static String redact(String text, List<Finding> findings) {
    return redact(text, findings, Redaction::marker);
  }

  /**
   * Replaces each finding's span in {@code text} with {@code marker.apply(kind)}. Overlapping
   * findings are merged into one span first, so no part of either survives; the merged span is
   * marked with the kind of its longest finding (the earliest one on a tie).
   *
   * @throws IllegalArgumentException when a finding lies outside {@code text}, which means the
   *     findings were made for another string
   */
  public static String redact(
      String text, List<Finding> findings, Function<PersonalDataKind, String> marker) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(marker, "marker");
    if (findings.isEmpty()) {
      return text;
    }
    for (Finding finding : findings) {
      if (finding.end() > text.length()) {
        // Positions and length only: the text itself must never reach a message.
        throw new IllegalArgumentException(
            "finding ["
                + finding.start()
                + ", "
                + finding.end()
                + ") lies outside a text of length "
                + text.length());
      }
    }
    var out = new StringBuilder(text.length());
    int copied = 0;
    for (Finding span : merge(findings)) {
      out.append(text, copied, span.start()).append(marker.apply(span.kind()));
      copied = span.end();
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static List<Finding> merge(List<Finding> findings) {
    List<Finding> sorted =
        findings.stream().sorted(Comparator.comparingInt(Finding::start)).toList();
    List<Finding> merged = new ArrayList<>();
    Finding current = sorted.getFirst();
    Finding longest = current;
    int end = current.end();
    for (Finding next : sorted.subList(1, sorted.size())) {
      if (next.start() < end) {
        end = Math.max(end, next.end());
        longest = next.length() > longest.length() ? next : longest;
      } else {
        merged.add(new Finding(longest.kind(), current.start(), end));
        current = next;
        longest = next;
        end = next.end();
      }
    }
    merged.add(new Finding(longest.kind(), current.start(), end));
    return merged;
  }
}
