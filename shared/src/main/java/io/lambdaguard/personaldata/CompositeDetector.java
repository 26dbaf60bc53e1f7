package io.lambdaguard.personaldata;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Runs several detectors on the same text and reports every distinct finding of any of them, so a
 * remote detector (Amazon Comprehend) can be added next to the rule-based one.
 *
 * @param detectors the detectors to run, in order; at least one
 */
public record CompositeDetector(List<PersonalDataDetector> detectors)
    implements PersonalDataDetector {

  private static final Comparator<Finding> BY_POSITION =
      Comparator.comparingInt(Finding::start)
          .thenComparingInt(Finding::end)
          .thenComparing(Finding::kind);

  public CompositeDetector {
    detectors = List.copyOf(detectors);
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException("a composite detector needs at least one detector");
    }
  }

  /** Returns a composite of the given detectors. */
  public static CompositeDetector of(PersonalDataDetector... detectors) {
    return new CompositeDetector(List.of(detectors));
  }

  @Override
  public List<Finding> detect(String text) {
    Objects.requireNonNull(text, "text");
    // Overlaps between detectors are kept: Redaction merges them, and dropping one would
    // lose the kind a ticket reports.
    return detectors.stream()
        .flatMap(detector -> detector.detect(text).stream())
        .distinct()
        .sorted(BY_POSITION)
        .toList();
  }
}
