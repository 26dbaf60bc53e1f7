package io.lambdaguard.pseudonyms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pseudonyms are keyed: stable under one secret, unrelated under two, and not the unkeyed hash an
 * attacker can compute.
 */
class PseudonymsTest {
  private static final String ARN =
      "arn:aws:lambda:us-east-1:123456789012:function:payroll-536-22-8741";
  private static final Pseudonyms STACK_A =
      Pseudonyms.withKey(bytes("stack-a-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"));
  private static final Pseudonyms STACK_B =
      Pseudonyms.withKey(bytes("stack-b-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"));

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What an attacker computes without the secret: the unkeyed SHA-256 the pseudonyms used to be.
   */
  private static String unkeyed(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
  }

  @Test
  void sameNameUnderOneSecret_shouldGiveTheSamePseudonym() {
    assertEquals(STACK_A.of(ARN), STACK_A.of(ARN));
    assertEquals(STACK_A.dedupKey("rule", ARN, ""), STACK_A.dedupKey("rule", ARN, ""));
    assertTrue(STACK_A.of(ARN).matches("[0-9a-f]{12}"), STACK_A.of(ARN));
    assertTrue(STACK_A.dedupKey("rule", ARN, "").matches("[0-9a-f]{64}"));
  }

  @Test
  void sameNameUnderTwoSecrets_shouldGiveUnrelatedPseudonyms() {
    assertNotEquals(STACK_A.of(ARN), STACK_B.of(ARN));
    assertNotEquals(STACK_A.dedupKey("rule", ARN, ""), STACK_B.dedupKey("rule", ARN, ""));
    // unrelated: about half of the 256 bits differ, as between two random values
    int differing =
        new java.math.BigInteger(STACK_A.dedupKey(ARN), 16)
            .xor(new java.math.BigInteger(STACK_B.dedupKey(ARN), 16))
            .bitCount();
    assertTrue(differing > 80 && differing < 176, "bits that differ: " + differing);
  }

  @Test
  void pseudonym_shouldNotBeTheUnkeyedHashOfTheName() throws Exception {
    assertNotEquals(unkeyed(ARN).substring(0, 12), STACK_A.of(ARN));
    assertNotEquals(unkeyed(ARN), STACK_A.dedupKey(ARN));
  }

  @Test
  void bruteForceWithoutTheSecret_shouldRecoverNothingWhereTheUnkeyedHashGaveTheNameAway()
      throws Exception {
    // given: a label shows payroll-[redacted:us-ssn] (#pseudonym); the attacker knows the prefix
    // and the SSN's shape
    String keyed = STACK_A.of(ARN);
    String unkeyedPrefix = unkeyed(ARN).substring(0, 12);
    // when: every candidate of 10^5 (the real name among them) is hashed and compared, as one core
    // does in a second
    int keyedMatches = 0;
    int unkeyedMatches = 0;
    for (int serial = 0; serial < 100_000; serial++) {
      String candidate =
          "arn:aws:lambda:us-east-1:123456789012:function:payroll-536-2"
              + (serial / 10_000)
              + "-"
              + String.format("%04d", serial % 10_000);
      String hash = unkeyed(candidate);
      keyedMatches += hash.startsWith(keyed) ? 1 : 0;
      unkeyedMatches += hash.startsWith(unkeyedPrefix) ? 1 : 0;
    }
    // then: the unkeyed pseudonym names its SSN (the defect); the keyed one matches nothing, since
    // checking a guess
    // needs the stack's secret
    assertEquals(1, unkeyedMatches);
    assertEquals(0, keyedMatches);
  }

  @Test
  void pseudonymAndDedupKey_shouldNotShareAPrefix() {
    assertNotEquals(STACK_A.of(ARN), STACK_A.dedupKey(ARN).substring(0, 12));
  }
}
