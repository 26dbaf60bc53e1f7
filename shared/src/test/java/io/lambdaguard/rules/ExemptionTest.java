package io.lambdaguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExemptionTest {
  private static final Instant NOW = Instant.parse("2026-12-01T11:00:00Z");

  private static Map<String, String> tags(String... pairs) {
    Map<String, String> tags = new HashMap<>(Map.of("team", "payments"));
    for (int i = 0; i < pairs.length; i += 2) {
      tags.put(pairs[i], pairs[i + 1]);
    }
    return tags;
  }

  private static Exemption of(String... pairs) {
    return Exemption.of(tags(pairs), NOW);
  }

  @Test
  void noExemptionTag_shouldBeNone() {
    assertEquals(new Exemption.None(), of());
    assertFalse(of().covers("env-vars-customer-key"));
  }

  @Test
  void all_shouldCoverEveryRule() {
    Exemption exemption =
        of("lambdaguard:exempt", "all", "lambdaguard:exempt-reason", "vendor appliance, CHG-1042");
    Exemption.Valid valid = assertInstanceOf(Exemption.Valid.class, exemption);
    assertEquals("vendor appliance, CHG-1042", valid.reason());
    assertEquals(Optional.empty(), valid.until());
    assertTrue(exemption.covers("env-vars-customer-key"));
    assertTrue(exemption.covers("tags-no-personal-data"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "env-vars-customer-key+log-group-customer-key",
        "env-vars-customer-key log-group-customer-key",
        " ENV-VARS-CUSTOMER-KEY + log-group-customer-key ",
        "env-vars-customer-key  +  log-group-customer-key"
      })
  void ruleIds_separatedByPlusOrSpaces_shouldCoverOnlyThoseRules(String value) {
    Exemption exemption = of("lambdaguard:exempt", value, "lambdaguard:exempt-reason", "legacy");
    assertEquals(
        Set.of("env-vars-customer-key", "log-group-customer-key"),
        assertInstanceOf(Exemption.Valid.class, exemption).rules());
    assertTrue(exemption.covers("log-group-customer-key"));
    assertFalse(exemption.covers("tags-no-personal-data"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // rules, reason, until, expected code
        "all | | | exemption-ignored-no-reason",
        "all | '   ' | | exemption-ignored-no-reason",
        " | legacy | | exemption-ignored-no-rules",
        "'  ' | legacy | | exemption-ignored-no-rules",
        "env-vars-customer-kee | legacy | | exemption-ignored-unknown-rule",
        "all+nonsense | legacy | | exemption-ignored-unknown-rule",
        "all | legacy | 31/12/2027 | exemption-ignored-bad-date",
        "all | legacy | 2027-13-01 | exemption-ignored-bad-date",
        "all | legacy | 2027-02-30 | exemption-ignored-bad-date",
        "all | legacy | 2027-12-31T00:00:00Z | exemption-ignored-bad-date",
        "all | legacy | 2020-01-01 | exemption-ignored-expired",
        "all | legacy | 2026-11-30 | exemption-ignored-expired"
      })
  void brokenExemption_shouldBeIgnoredWithItsReasonCode(
      String rules, String reason, String until, String code) {
    Map<String, String> tags = tags();
    if (rules != null) {
      tags.put("lambdaguard:exempt", rules);
    }
    if (reason != null) {
      tags.put("lambdaguard:exempt-reason", reason);
    }
    if (until != null) {
      tags.put("lambdaguard:exempt-until", until);
    }
    Exemption exemption = Exemption.of(tags, NOW);
    Exemption.Ignored ignored = assertInstanceOf(Exemption.Ignored.class, exemption);
    assertEquals(code, ignored.code());
    assertTrue(
        ignored.why().startsWith("exemption ignored, the rules act normally: "), ignored.why());
    assertFalse(exemption.covers("env-vars-customer-key"));
  }

  @Test
  void unknownRuleId_shouldNotBeEchoed() {
    Exemption.Ignored ignored =
        assertInstanceOf(
            Exemption.Ignored.class,
            of(
                "lambdaguard:exempt",
                "jane.doe@example.com",
                "lambdaguard:exempt-reason",
                "legacy"));
    assertFalse(ignored.why().contains("jane"), ignored.why());
  }

  @Test
  void expiry_shouldHoldThroughTheEndOfThatDayInUtc() {
    Map<String, String> tags =
        tags(
            "lambdaguard:exempt",
            "all",
            "lambdaguard:exempt-reason",
            "legacy",
            "lambdaguard:exempt-until",
            "2026-12-01");
    Exemption.Valid valid =
        assertInstanceOf(
            Exemption.Valid.class, Exemption.of(tags, Instant.parse("2026-12-01T23:59:59Z")));
    assertEquals(Optional.of(LocalDate.of(2026, 12, 1)), valid.until());
    assertEquals(
        "exemption-ignored-expired",
        assertInstanceOf(
                Exemption.Ignored.class, Exemption.of(tags, Instant.parse("2026-12-02T00:00:00Z")))
            .code());
  }

  @Test
  void onlyAReasonOrADate_shouldBeIgnoredNotSilentlyDropped() {
    assertEquals(
        "exemption-ignored-no-rules",
        assertInstanceOf(Exemption.Ignored.class, of("lambdaguard:exempt-until", "2027-01-01"))
            .code());
  }

  @Test
  void exemptionTags_shouldBeRecognisedByKey() {
    assertTrue(Exemption.isExemptionTag("lambdaguard:exempt"));
    assertTrue(Exemption.isExemptionTag("lambdaguard:exempt-reason"));
    assertTrue(Exemption.isExemptionTag("lambdaguard:exempt-until"));
    assertFalse(Exemption.isExemptionTag("owner"));
  }
}
