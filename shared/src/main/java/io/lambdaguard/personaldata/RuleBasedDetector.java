package io.lambdaguard.personaldata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Detects personal data with patterns confirmed by checksums and validators, locally and in
 * microseconds: e-mail addresses, phone numbers, payment cards, IBANs, US SSNs and UK NINOs.
 *
 * <p>Thread-safe and immutable: build one per container and share it. Construction loads the phone
 * metadata of the default regions (tens of milliseconds, once); a string then takes microseconds,
 * and libphonenumber only reads digit runs that could be a formatted number.
 *
 * <p>The matchers read the {@link NormalisedText} view of a string (NFKC, ASCII digits, plain
 * spaces and dashes, no format characters); findings are reported in the original's positions.
 *
 * <p>Findings never overlap: where candidates of several kinds overlap, the one with the strongest
 * evidence wins (e-mail, IBAN, card, SSN, NINO, then phone number), so an IBAN's digits are not
 * also reported as a phone number.
 */
public final class RuleBasedDetector implements PersonalDataDetector {

  /** The regions whose national phone formats are recognised unless the caller chooses others. */
  public static final Set<String> DEFAULT_PHONE_REGIONS = Set.of("US", "GB", "DE", "FR", "IN");

  private static final Comparator<Finding> BY_EVIDENCE_THEN_POSITION =
      Comparator.comparingInt((Finding f) -> precedence(f.kind()))
          .thenComparingInt(Finding::start)
          .thenComparing(Comparator.comparingInt(Finding::length).reversed());

  private final List<KindMatcher> matchers;

  /**
   * Creates a detector that reads national-format phone numbers as numbers of {@code phoneRegions}
   * (ISO 3166 alpha-2, e.g. {@code Set.of("US", "GB", "DE", "FR")}); numbers written with {@code +}
   * or an international prefix are found whatever the regions.
   *
   * @throws IllegalArgumentException when the set is empty or libphonenumber has no such region
   */
  public RuleBasedDetector(Set<String> phoneRegions) {
    // Phone numbers last: that matcher skips digits a stronger kind has already claimed.
    matchers =
        List.of(
            new EmailMatcher(),
            new IbanMatcher(),
            new PaymentCardMatcher(),
            new UsSsnMatcher(),
            new UkNinoMatcher(),
            new PhoneMatcher(phoneRegions));
  }

  /** Creates a detector for {@link #DEFAULT_PHONE_REGIONS}. */
  public static RuleBasedDetector withDefaultPhoneRegions() {
    return new RuleBasedDetector(DEFAULT_PHONE_REGIONS);
  }

  @Override
  public List<Finding> detect(String text) {
    Objects.requireNonNull(text, "text");
    var normalised = NormalisedText.of(text);
    String view = normalised.view();
    var candidates = new ArrayList<Finding>();
    for (KindMatcher matcher : matchers) {
      matcher.find(view, normalised.profile(), candidates);
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    if (candidates.size() == 1) {
      return List.of(normalised.toOriginal(candidates.getFirst()));
    }
    candidates.sort(BY_EVIDENCE_THEN_POSITION);
    var kept = new ArrayList<Finding>(candidates.size());
    for (Finding candidate : candidates) {
      if (kept.stream()
          .noneMatch(k -> k.start() < candidate.end() && candidate.start() < k.end())) {
        kept.add(candidate);
      }
    }
    kept.sort(Comparator.comparingInt(Finding::start));
    return kept.stream().map(normalised::toOriginal).toList();
  }

  /** Lower wins: checksummed and structurally unambiguous kinds before the fuzzier ones. */
  private static int precedence(PersonalDataKind kind) {
    return switch (kind) {
      case EMAIL -> 0;
      case IBAN -> 1;
      case PAYMENT_CARD -> 2;
      case US_SSN -> 3;
      case UK_NINO -> 4;
      case PHONE_NUMBER -> 5;
      // Never produced by these matchers; listed so that a new kind must be placed here on purpose.
      case PERSON_NAME, POSTAL_ADDRESS -> 6;
    };
  }
}
