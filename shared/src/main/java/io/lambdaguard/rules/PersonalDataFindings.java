package io.lambdaguard.rules;

import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.PersonalDataKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Describes personal-data findings by kind, and names things that hold personal data without repeating it. */
final class PersonalDataFindings {
  private PersonalDataFindings() {}

  /** "an e-mail address and a phone number": the kinds, never the text. */
  static String kinds(List<Finding> findings) {
    return findings.stream()
        .map(Finding::kind)
        .distinct()
        .map(PersonalDataKind::label)
        .collect(Collectors.joining(" and "));
  }

  /**
   * A stable stand-in for a string that itself holds personal data (a tag key, a function name): a short
   * SHA-256 prefix, enough to tell two of them apart in tickets and logs, not to read them.
   */
  static String pseudonym(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
