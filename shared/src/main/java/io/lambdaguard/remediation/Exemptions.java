package io.lambdaguard.remediation;

import dagger.Lazy;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.personaldata.FixedPointRedaction;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.rules.Exemption;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Reads a function's exemption ({@link Exemption}) and shows its reason only redacted: the reason
 * is free text a person typed, so it passes the same detector as the function's own strings before
 * it reaches an outcome or a log line. The detector is built only for the first exemption with a
 * reason.
 */
@Singleton
public final class Exemptions {
  /** What is shown when a reason holds personal data the redaction cannot remove. */
  static final String WITHHELD = "[reason withheld: it holds personal data]";

  private static final int MAX_SHOWN = 256;

  private final Lazy<PersonalDataDetector> detector;
  private final Clock clock;

  @Inject
  public Exemptions(Lazy<PersonalDataDetector> detector) {
    this(detector, Clock.systemUTC());
  }

  Exemptions(Lazy<PersonalDataDetector> detector, Clock clock) {
    this.detector = detector;
    this.clock = clock;
  }

  /** The function's exemption as it stands now. */
  Exemption of(FunctionSnapshot function) {
    return Exemption.of(function.tags(), clock.instant());
  }

  /** The owner's reason, with whatever personal data it holds redacted. */
  String reasonShown(Exemption.Valid exemption) {
    FixedPointRedaction.Result redacted =
        FixedPointRedaction.redact(
            detector.get(), exemption.reason(), FixedPointRedaction.Markers.DESCRIPTION, MAX_SHOWN);
    return redacted.left().isEmpty() ? redacted.text() : WITHHELD;
  }
}
