package io.lambdaguard.strip;

import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.PersonalDataKind;
import java.util.List;
import java.util.stream.Collectors;

/** Describes personal-data findings by kind, never by the text. */
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
}
