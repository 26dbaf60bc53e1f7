package io.lambdaguard.personaldata;

import static io.lambdaguard.personaldata.PersonalDataKind.EMAIL;
import static io.lambdaguard.personaldata.PersonalDataKind.IBAN;
import static io.lambdaguard.personaldata.PersonalDataKind.PAYMENT_CARD;
import static io.lambdaguard.personaldata.PersonalDataKind.PHONE_NUMBER;
import static io.lambdaguard.personaldata.PersonalDataKind.UK_NINO;
import static io.lambdaguard.personaldata.PersonalDataKind.US_SSN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour of {@link RuleBasedDetector} per kind: valid forms with exact positions, invalid and
 * look-alike forms with none. Parameterized names show the case number only, so that even
 * fictitious personal data stays out of test reports.
 */
class RuleBasedDetectorTest {

  private static final RuleBasedDetector DETECTOR = RuleBasedDetector.withDefaultPhoneRegions();

  /** The single finding expected when {@code value} sits inside {@code text}. */
  private static List<Finding> only(PersonalDataKind kind, String text, String value) {
    int start = text.indexOf(value);
    assertTrue(start >= 0, "test setup: value is not part of the text");
    return List.of(new Finding(kind, start, start + value.length()));
  }

  @Nested
  class Emails {

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "jane.doe@example.com|jane.doe@example.com",
          "owner:jane.doe@example.com|jane.doe@example.com",
          "owner=j.smith@example.org|j.smith@example.org",
          "jane.doe+lambda@mail.eu.example.com|jane.doe+lambda@mail.eu.example.com",
          "JOHN.SMITH@EXAMPLE.COM|JOHN.SMITH@EXAMPLE.COM",
          "'jane.doe@example.com'|jane.doe@example.com",
          "Write to data.protection@example.com.|data.protection@example.com",
          "mailto:ops@uk.example.com|ops@uk.example.com",
          "owner jörg.müller@example.net|jörg.müller@example.net",
          "kontakt=anna@bücher.example.com|anna@bücher.example.com",
          "arn:aws:sts::123456789012:assumed-role/Admin/jane.doe@example.com|jane.doe@example.com",
        })
    void addressInText_shouldBeFoundWithExactSpan(String text, String address) {
      assertEquals(only(EMAIL, text, address), DETECTOR.detect(text));
    }

    @Test
    void twoAddresses_shouldBeFoundInOrder() {
      String text = "a@example.com, b@example.org";
      assertEquals(
          List.of(new Finding(EMAIL, 0, 13), new Finding(EMAIL, 15, 28)), DETECTOR.detect(text));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(
        strings = {
          "team@payments",
          "jane@localhost",
          "user@2024.11.27",
          "@aws-sdk/client-lambda@3.645.0",
          "payments-api@1.4.2",
          "Lambda@Edge origin handler",
          "main@9fceb02",
          "git@github.com:example-org/payments-api.git",
          "ssh://git@github.com/example-org/infra.git",
          "postgres://app@db.example.com:5432/orders",
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments@sha256:e3b0c44298fc1c14",
          "jane@corp.internal",
        })
    void addressLookAlike_shouldNotBeFound(String text) {
      assertEquals(List.of(), DETECTOR.detect(text));
    }
  }

  @Nested
  class PhoneNumbers {

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "+44 20 7946 0958|+44 20 7946 0958",
          "+442079460958|+442079460958",
          "+44 (0)20 7946 0321|+44 (0)20 7946 0321",
          "0044 20 7946 0577|0044 20 7946 0577",
          "011 44 20 7946 0958|011 44 20 7946 0958",
          "contact Jane at 020 7946 0958 today|020 7946 0958",
          "phone=0131-496-0288|0131-496-0288",
          "tel:+1-303-555-0117|+1-303-555-0117",
          "(212) 555-0147|(212) 555-0147",
          "call 617.555.0164.|617.555.0164",
          "1-800-555-0199|1-800-555-0199",
          "030/123 456 78|030/123 456 78",
          "+49 (0)69 90009 123|+49 (0)69 90009 123",
          "01 99 00 12 34|01 99 00 12 34",
          "02.61.91.56.78|02.61.91.56.78",
          "+91-98765-43210|+91-98765-43210",
          "098765 43210|098765 43210",
          "Support +1 800 555 0142 (24/7)|+1 800 555 0142",
        })
    void formattedNumber_shouldBeFoundWithExactSpan(String text, String number) {
      assertEquals(only(PHONE_NUMBER, text, number), DETECTOR.detect(text));
    }

    @Test
    void twoNumbersInOneRun_shouldBothBeFound() {
      String text = "020 7946 0958 / 0207 946 0959";
      assertEquals(
          List.of(new Finding(PHONE_NUMBER, 0, 13), new Finding(PHONE_NUMBER, 16, 29)),
          DETECTOR.detect(text));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(
        strings = {
          "02079460958",
          "4155550123",
          "123456789012",
          "arn:aws:iam::123456789012:role/lambda-exec",
          "1234-5678-9012",
          "0344-2498-3386",
          "1732702500",
          "1732702500123",
          "2024-11-27",
          "2024-11-27T10:15:00Z",
          "20241127T101500Z",
          "27.11.2024",
          "2024.11.27.1015",
          "0.78.563.4808",
          "192.168.100.200",
          "10.0.0.0/16",
          "v1.2.3+4155550123",
          "ORD-2024-000123",
          "build-020-7946-0958",
          "Sun 0300-0500 UTC",
          "06/2024-12/2024",
          "80 443 8080 8443",
          "Invoice 2024 1127 10",
          "INC 3105 550 199",
          "Invoice 1234 567890",
          "12345678-1234-5678-1234-567812345678",
          "4111 1111 1111 1112",
          "DE00 3704 0044 0532 0130 00",
          "+44 20 7946 0958 2024",
          "ISBN 0-306-40615-2",
        })
    void digitStringThatIsNoPhoneNumber_shouldNotBeFound(String text) {
      assertEquals(List.of(), DETECTOR.detect(text));
    }

    @Test
    void nationalNumber_shouldBeReadOnlyInItsDefaultRegion() {
      String text = "020 7946 0958";
      assertEquals(List.of(), new RuleBasedDetector(Set.of("US")).detect(text));
      assertEquals(
          only(PHONE_NUMBER, text, text), new RuleBasedDetector(Set.of("GB")).detect(text));
    }

    @Test
    void internationalNumber_shouldBeFoundWhateverTheRegions() {
      String text = "+49 30 23125123";
      assertEquals(
          only(PHONE_NUMBER, text, text), new RuleBasedDetector(Set.of("US")).detect(text));
    }

    @Test
    void digitsOfAStrongerKind_shouldNotAlsoBeReportedAsPhoneNumber() {
      String iban = "DE89 3704 0044 0532 0130 00";
      String ssn = "078-05-1120";
      assertEquals(only(IBAN, iban, iban), DETECTOR.detect(iban));
      assertEquals(only(US_SSN, ssn, ssn), DETECTOR.detect(ssn));
    }

    @Test
    void germanNumberGroupedLikeAnSsn_shouldBeOnePhoneNumber() {
      String text = "+49 211 123 45 6789";
      assertEquals(only(PHONE_NUMBER, text, text), DETECTOR.detect(text));
    }

    @Test
    void unknownOrMissingRegion_shouldBeRejected() {
      assertThrows(IllegalArgumentException.class, () -> new RuleBasedDetector(Set.of("XX")));
      assertThrows(IllegalArgumentException.class, () -> new RuleBasedDetector(Set.of()));
    }
  }

  @Nested
  class PaymentCards {

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "4111 1111 1111 1111|4111 1111 1111 1111",
          "4111-1111-1111-1111|4111-1111-1111-1111",
          "card:4111111111111111|4111111111111111",
          "4222222222222|4222222222222",
          "5555 5555 5555 4444|5555 5555 5555 4444",
          "2223003122003222|2223003122003222",
          "3782 822463 10005|3782 822463 10005",
          "6011-1111-1111-1117|6011-1111-1111-1117",
          "3056 930902 5904|3056 930902 5904",
          "3530 1113 3330 0000|3530 1113 3330 0000",
          "6200 0000 0000 0005|6200 0000 0000 0005",
          "charged 5555555555554444 twice|5555555555554444",
          "4111 1111 1111 1111 12/29|4111 1111 1111 1111",
        })
    void luhnValidNumberOfKnownScheme_shouldBeFoundWithExactSpan(String text, String card) {
      assertEquals(only(PAYMENT_CARD, text, card), DETECTOR.detect(text));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(
        strings = {
          "4111 1111 1111 1112",
          "4111111111111112",
          "9999999999999995",
          "1000000000000008",
          "4111 1111-1111 1111",
          "4111 1111 1111 1111 2222",
          "41111111111111111111",
          "Order 12 4111 1111 1111 1111",
          "ORD-4111111111111111",
          "x4111111111111111",
          "4111111111111111.5",
          "0000 0000 0000 0000",
        })
    void numberThatIsNoCard_shouldNotBeFound(String text) {
      assertEquals(List.of(), DETECTOR.detect(text));
    }
  }

  @Nested
  class Ibans {

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "DE89 3704 0044 0532 0130 00|DE89 3704 0044 0532 0130 00",
          "DE89370400440532013000|DE89370400440532013000",
          "GB82 WEST 1234 5698 7654 32|GB82 WEST 1234 5698 7654 32",
          "FR14 2004 1010 0505 0001 3M02 606|FR14 2004 1010 0505 0001 3M02 606",
          "NO93 8601 1117 947|NO93 8601 1117 947",
          "iban:NL91ABNA0417164300|NL91ABNA0417164300",
          "Payout DE89 3704 0044 0532 0130 00 EUR|DE89 3704 0044 0532 0130 00",
          "IBAN: CH93-0076-2011-6238-5295-7|CH93-0076-2011-6238-5295-7",
          "de89370400440532013000|de89370400440532013000",
          "payout gb82 west 1234 5698 7654 32|gb82 west 1234 5698 7654 32",
          "Gb82 West 1234 5698 7654 32|Gb82 West 1234 5698 7654 32",
        })
    void checksumValidIban_shouldBeFoundWithExactSpan(String text, String iban) {
      assertEquals(only(IBAN, text, iban), DETECTOR.detect(text));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(
        strings = {
          "DE00 3704 0044 0532 0130 00",
          "GB00WEST12345698765432",
          "DE89 3704 0044 0532 0130",
          "DE893704004405320130001",
          "XX89370400440532013000",
          "XDE89370400440532013000",
          "DE89 3704-0044 0532 0130 00",
          "de00370400440532013000",
        })
    void ibanLookAlike_shouldNotBeFound(String text) {
      assertEquals(List.of(), DETECTOR.detect(text));
    }
  }

  @Nested
  class UsSocialSecurityNumbers {

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "078-05-1120|078-05-1120",
          "078 05 1120|078 05 1120",
          "ssn:219-09-9999|219-09-9999",
          "SSN 078051120|078051120",
          "ssn=219099999|219099999",
          "Social-Security-No: 078051120|078051120",
          "social security number 123456789 on file|123456789",
        })
    void issuableNumber_shouldBeFoundWithExactSpan(String text, String ssn) {
      assertEquals(only(US_SSN, text, ssn), DETECTOR.detect(text));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(
        strings = {
          "000-12-3456",
          "666-12-3456",
          "912-34-5678",
          "123-00-4567",
          "123-45-0000",
          "123456789",
          "order 078051120",
          "078-05 1120",
          "1078-05-1120",
          "078-05-11201",
          "SSN 0780511201",
        })
    void numberThatIsNoIssuableSsn_shouldNotBeFoundAsSsn(String text) {
      // Some of these are valid German phone numbers ("078-05 1120"); only the SSN reading is
      // wrong.
      assertTrue(
          DETECTOR.detect(text).stream().noneMatch(finding -> finding.kind() == US_SSN),
          "found as SSN: " + DETECTOR.detect(text));
    }
  }

  @Nested
  class UkNationalInsuranceNumbers {

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "AB123456C|AB123456C",
          "AB 12 34 56 C|AB 12 34 56 C",
          "AB 123456 C|AB 123456 C",
          "nino:JT123456A|JT123456A",
          "NI number CE 98 76 54 D on file|CE 98 76 54 D",
          "jg103759a|jg103759a",
          "nino Jg 10 37 59 a|Jg 10 37 59 a",
        })
    void allocatableNumber_shouldBeFoundWithExactSpan(String text, String nino) {
      assertEquals(only(UK_NINO, text, nino), DETECTOR.detect(text));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(
        strings = {
          "DA123456A",
          "FA123456A",
          "IA123456A",
          "QQ123456C",
          "UA123456A",
          "VA123456A",
          "AO123456B",
          "AD123456B",
          "BG123456A",
          "GB123456A",
          "KN123456A",
          "NK123456A",
          "NT123456A",
          "TN123456A",
          "ZZ123456A",
          "AB123456E",
          "AB1234567C",
          "AB12345C",
          "qq123456c",
          "gb123456a",
          "XAB123456C",
          "AB123456CX",
          "AB 1234 56 C",
        })
    void numberThatIsNoAllocatableNino_shouldNotBeFound(String text) {
      assertEquals(List.of(), DETECTOR.detect(text));
    }
  }

  /**
   * What real and evasive writers do: other scripts' digits, Unicode spaces, other separators,
   * hidden characters, runs.
   */
  @Nested
  class WrittenAnyWay {

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(
        delimiter = '|',
        value = {
          "PAYMENT_CARD|\uFF14\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11 \uFF11\uFF11\uFF11\uFF11",
          "PAYMENT_CARD|\u0664\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661",
          "PAYMENT_CARD|4111\u00A01111\u00A01111\u00A01111",
          "PAYMENT_CARD|4111\u20091111\u20091111\u20091111",
          "PAYMENT_CARD|4111\u30001111\u30001111\u30001111",
          "PAYMENT_CARD|4111.1111.1111.1111",
          "PAYMENT_CARD|4111_1111_1111_1111",
          "PAYMENT_CARD|5500/0000/0000/0004",
          "PAYMENT_CARD|4111\u200B1111\u00AD1111\u200D1111",
          "PAYMENT_CARD|4111 1111 1111 1111 123",
          "US_SSN|536.22.8741",
          "US_SSN|536\u201322\u20138741",
          "US_SSN|536/22/8741",
          "US_SSN|536_22_8741",
          "US_SSN|536\u00A022\u00A08741",
          "PHONE_NUMBER|+\uFF14\uFF14 \uFF12\uFF10 \uFF17\uFF19\uFF14\uFF16 \uFF10\uFF10\uFF11\uFF18",
          "PHONE_NUMBER|+44\u202F20\u202F7946\u202F0958",
          "PHONE_NUMBER|+\u0664\u0664 \u0662\u0660 \u0667\u0669\u0664\u0666 \u0660\u0669\u0665\u0668",
          "EMAIL|jane\u200B.doe@example.com",
          "EMAIL|jane.doe\u2060@example.com",
          "EMAIL|\uFF4A\uFF41\uFF4E\uFF45@example.com",
          "IBAN|DE89\u00A03704\u00A00044\u00A00532\u00A00130\u00A000",
          "UK_NINO|\uFF2A\uFF27103759\uFF21",
        })
    void evasiveForm_shouldBeFoundCoveringTheWholeOriginalSpan(
        PersonalDataKind kind, String escaped) {
      String text = "x " + unescape(escaped) + " y";
      List<Finding> found = DETECTOR.detect(text);
      assertEquals(List.of(new Finding(kind, 2, text.length() - 2)), found);
      assertEquals("x [redacted:" + kind.label() + "] y", Redaction.redact(text, found));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(
        strings = {
          "2026.11.27",
          "v1.2.3",
          "10.0.0.1",
          "192.168.100.200",
          "build_2026_11_27_0415",
          "release 2026_11_27",
          "\uFF23\uFF23\uFF0D\uFF14\uFF17\uFF11\uFF11",
          "cost centre \uFF14\uFF17\uFF11\uFF11",
          "2026/11/27",
          "1234.5678.9012.3456",
          "4111.1111.1111.1112",
          "4111_1111_1111_1111_9",
          "536.22.87411",
          "000.12.3456",
          "536-22.8741",
          "v536.22.8741",
          "1.536.22.8741",
          "4111 1111 1111 1111 2222",
          "1234 5678 9012 3456 7890",
          "12 536 22 8741",
          "\u0661\u0662\u0663\u0664 \u0665\u0666\u0667\u0668",
          "ab12cd34",
          "de00 3704 0044 0532 0130 00",
          "qq 12 34 56 c",
        })
    void lookAlike_shouldNotBeFound(String escaped) {
      assertEquals(List.of(), DETECTOR.detect(unescape(escaped)));
    }

    @Test
    void twoCardsInARow_shouldBothBeFound() {
      String text = "4111 1111 1111 1111 5555 5555 5555 4444";
      assertEquals(
          List.of(new Finding(PAYMENT_CARD, 0, 19), new Finding(PAYMENT_CARD, 20, 39)),
          DETECTOR.detect(text));
    }

    @Test
    void cardFollowedByItsCvv_shouldCoverTheCvvToo() {
      String text = "card 4111 1111 1111 1111 737 on file";
      assertEquals(only(PAYMENT_CARD, text, "4111 1111 1111 1111 737"), DETECTOR.detect(text));
    }

    @Test
    void cardsWithDifferentSeparators_shouldEachBeFound() {
      String text = "4111.1111.1111.1111, 5500/0000/0000/0004 and 3530_1113_3330_0000";
      assertEquals(
          List.of(PAYMENT_CARD, PAYMENT_CARD, PAYMENT_CARD),
          DETECTOR.detect(text).stream().map(Finding::kind).toList());
    }

    @Test
    void severalPhonesInARun_shouldEachBeFound() {
      String text = "+44 20 7946 0958 +1 415 555 0123 (212) 555-0147";
      assertEquals(
          List.of(
              new Finding(PHONE_NUMBER, 0, 16),
              new Finding(PHONE_NUMBER, 17, 32),
              new Finding(PHONE_NUMBER, 33, 47)),
          DETECTOR.detect(text));
    }

    @Test
    void severalSsnsInARow_shouldEachBeFound() {
      for (String text :
          List.of(
              "536-22-8741 078-05-1120", "536 22 8741 078 05 1120", "536.22.8741 078.05.1120")) {
        assertEquals(
            List.of(new Finding(US_SSN, 0, 11), new Finding(US_SSN, 12, 23)),
            DETECTOR.detect(text));
      }
    }

    @Test
    void ssnNextToADate_shouldStillBeFound() {
      String text = "078-05-1120 2024-11-27";
      assertEquals(List.of(new Finding(US_SSN, 0, 11)), DETECTOR.detect(text));
    }

    @Test
    void hiddenCharactersAroundAFinding_shouldStayOutsideItAndInsideCovered() {
      String text = "\u200Bjane\u00AD.doe@example.com\u200B";
      assertEquals(List.of(new Finding(EMAIL, 1, text.length() - 1)), DETECTOR.detect(text));
    }

    @Test
    void surrogatePairsAndCombiningMarks_shouldKeepPositionsInTheOriginal() {
      String text = "\uD83D\uDE00 caf\u0065\u0301 078-05-1120 \uD83D\uDE00";
      assertEquals(only(US_SSN, text, "078-05-1120"), DETECTOR.detect(text));
    }

    private static String unescape(String escaped) {
      var out = new StringBuilder();
      for (int i = 0; i < escaped.length(); i++) {
        if (escaped.startsWith("\\u", i)) {
          out.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
          i += 5;
        } else {
          out.append(escaped.charAt(i));
        }
      }
      return out.toString();
    }
  }

  @Test
  void cleanCloudValues_shouldHaveNoFindings() {
    for (String text :
        List.of(
            "",
            "owner=team-payments",
            "cost-center:4711",
            "cron(0 12 * * ? *)",
            "3f2a8c1e-5b7d-4e9a-8c3f-1a2b3c4d5e6f",
            "e83c5163316f89bfbde7d9ab23ca2e25604af290",
            "i-0abc1234def567890",
            "https://wiki.example.com/display/PAY/Runbook",
            "512MB")) {
      assertEquals(List.of(), DETECTOR.detect(text));
    }
  }

  @Test
  void severalKinds_shouldBeReportedInTextOrder() {
    String text = "card 4111111111111111, mail jane.doe@example.com, phone +44 20 7946 0958";
    List<PersonalDataKind> kinds = DETECTOR.detect(text).stream().map(Finding::kind).toList();
    assertEquals(List.of(PAYMENT_CARD, EMAIL, PHONE_NUMBER), kinds);
  }

  @Test
  void nullText_shouldBeRejected() {
    assertThrows(NullPointerException.class, () -> DETECTOR.detect(null));
  }

  @Test
  void concurrentDetection_shouldGiveTheSameFindingsAsSequential() throws Exception {
    List<String> texts =
        List.of(
            "owner:jane.doe@example.com",
            "+44 20 7946 0958",
            "4111 1111 1111 1111",
            "DE89 3704 0044 0532 0130 00",
            "078-05-1120",
            "AB 12 34 56 C",
            "2024-11-27T10:15:00Z");
    List<List<Finding>> expected = texts.stream().map(DETECTOR::detect).toList();
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int task = 0; task < 8; task++) {
      tasks.add(
          () -> {
            for (int round = 0; round < 200; round++) {
              for (int i = 0; i < texts.size(); i++) {
                if (!DETECTOR.detect(texts.get(i)).equals(expected.get(i))) {
                  return false;
                }
              }
            }
            return true;
          });
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (Future<Boolean> result : pool.invokeAll(tasks)) {
        assertTrue(result.get(), "a thread saw different findings");
      }
    }
  }
}
