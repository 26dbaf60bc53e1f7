package io.lambdaguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTokensTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "CreateFunction20150331",
        "6f1c2a9e-3b1d-4f7a-9c2e-1a5b8d7e0f01",
        "InvalidParameterValueException",
        "Client.UnauthorizedOperation"
      })
  void identifiers_shouldPassUnchanged(String value) {
    assertEquals(value, EventTokens.safe(value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"mail jane.canary@example.com", "CreateFunction 20150331", "", "línea", "a\nb"})
  void freeText_shouldBeReplaced(String value) {
    assertEquals(EventTokens.UNRECOGNISED, EventTokens.safe(value));
  }
}
