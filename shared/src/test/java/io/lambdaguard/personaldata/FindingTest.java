package io.lambdaguard.personaldata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FindingTest {

  @Test
  void validRange_shouldExposeKindPositionsAndLength() {
    var finding = new Finding(PersonalDataKind.IBAN, 3, 25);
    assertEquals(22, finding.length());
    assertEquals("Finding[kind=IBAN, start=3, end=25]", finding.toString());
  }

  @Test
  void emptyNegativeOrInvertedRange_shouldBeRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Finding(PersonalDataKind.EMAIL, 4, 4));
    assertThrows(IllegalArgumentException.class, () -> new Finding(PersonalDataKind.EMAIL, -1, 4));
    assertThrows(IllegalArgumentException.class, () -> new Finding(PersonalDataKind.EMAIL, 5, 4));
  }

  @Test
  void missingKind_shouldBeRejected() {
    assertThrows(NullPointerException.class, () -> new Finding(null, 0, 1));
  }
}
