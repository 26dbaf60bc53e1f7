package io.lambdaguard.rules;

import io.lambdaguard.config.RuleIds;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a function's owner documented in its tags: the rules the service must only report on for
 * this function, and why. Read from three tags, because a Lambda tag value holds only letters,
 * digits, spaces and {@code _.:/=+-@}:
 *
 * <ul>
 *   <li>{@value #RULES_TAG}: {@code all}, or rule ids separated by {@code +} or spaces;
 *   <li>{@value #REASON_TAG}: why, free text, mandatory;
 *   <li>{@value #UNTIL_TAG}: optional last day ({@code YYYY-MM-DD}), valid through the end of that
 *       day in UTC.
 * </ul>
 *
 * <p>An exemption that is incomplete, names an unknown rule, has an unreadable date or is past its
 * expiry is {@link Ignored}: the rules act normally, and the outcome says why. The reason is typed
 * by a person and may hold personal data: it is held here as written and must be redacted before it
 * is shown anywhere.
 */
public sealed interface Exemption {
  String RULES_TAG = "lambdaguard:exempt";
  String REASON_TAG = "lambdaguard:exempt-reason";
  String UNTIL_TAG = "lambdaguard:exempt-until";

  /** The word that exempts every rule. */
  String ALL = "all";

  /** Whether the rule with this id is exempt, so that its fix (or ticket) becomes a report. */
  default boolean covers(String ruleId) {
    return false;
  }

  /** No exemption tag. */
  record None() implements Exemption {}

  /**
   * A valid exemption.
   *
   * @param rules the exempt rule ids, or {@code all}
   * @param reason the owner's reason as written (may hold personal data: redact before showing)
   * @param until the last day it holds, in UTC, when set
   */
  record Valid(Set<String> rules, String reason, Optional<LocalDate> until) implements Exemption {
    public Valid {
      rules = Set.copyOf(rules);
    }

    @Override
    public boolean covers(String ruleId) {
      return rules.contains(ALL) || rules.contains(ruleId);
    }
  }

  /**
   * An exemption the service does not honour.
   *
   * @param code the stable outcome code, {@code exemption-ignored-<why>}
   * @param why what is wrong with it, naming tags and rule ids, never the reason's text
   */
  record Ignored(String code, String why) implements Exemption {}

  /** Whether a tag key is one of the exemption's ({@code lambdaguard:exempt...}). */
  static boolean isExemptionTag(String key) {
    return key.startsWith(RULES_TAG);
  }

  /** The exemption these tags document, as it stands at {@code now}. */
  static Exemption of(Map<String, String> tags, Instant now) {
    String rulesValue = value(tags, RULES_TAG);
    String reason = value(tags, REASON_TAG);
    String untilValue = value(tags, UNTIL_TAG);
    if (rulesValue == null) {
      return reason == null && untilValue == null
          ? new None()
          : ignored(
              "no-rules",
              "tag "
                  + RULES_TAG
                  + " is missing or empty: it names the exempt rules (all, or rule ids)");
    }
    Set<String> rules =
        Arrays.stream(rulesValue.toLowerCase(Locale.ROOT).split("[+\\s]+"))
            .filter(id -> !id.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> unknown =
        rules.stream()
            .filter(id -> !id.equals(ALL) && !RuleIds.ALL.contains(id))
            .collect(Collectors.toCollection(TreeSet::new));
    if (!unknown.isEmpty()) {
      // Only a bounded, tag-safe echo: the value is the owner's, and a typo is what this shows.
      return ignored(
          "unknown-rule",
          "tag "
              + RULES_TAG
              + " names "
              + unknown.size()
              + " unknown rule id(s); known: all, "
              + String.join(", ", new TreeSet<>(RuleIds.ALL)));
    }
    if (reason == null) {
      return ignored(
          "no-reason", "tag " + REASON_TAG + " is missing or empty: an exemption must say why");
    }
    Optional<LocalDate> until = Optional.empty();
    if (untilValue != null) {
      try {
        until = Optional.of(LocalDate.parse(untilValue));
      } catch (DateTimeParseException e) {
        return ignored("bad-date", "tag " + UNTIL_TAG + " is not a date YYYY-MM-DD");
      }
      if (!now.isBefore(until.get().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
        return ignored("expired", "the exemption expired at the end of " + until.get() + " (UTC)");
      }
    }
    return new Valid(rules, reason, until);
  }

  private static Ignored ignored(String code, String why) {
    return new Ignored(
        "exemption-ignored-" + code, "exemption ignored, the rules act normally: " + why);
  }

  /** The trimmed value, or null when absent or blank. */
  private static String value(Map<String, String> tags, String key) {
    String value = tags.get(key);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
