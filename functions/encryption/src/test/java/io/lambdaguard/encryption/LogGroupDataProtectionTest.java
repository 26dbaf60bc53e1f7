package io.lambdaguard.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The identifiers the data protection policy requires, and how a policy document is read. Pure: no
 * AWS.
 */
class LogGroupDataProtectionTest {
  @Test
  void requiredIdentifiers_shouldBeUnmodifiable() {
    assertThrows(
        UnsupportedOperationException.class, () -> LogGroupDataProtection.REQUIRED.add("Name"));
    assertThrows(
        UnsupportedOperationException.class,
        () -> LogGroupDataProtection.REQUIRED.remove("EmailAddress"));
    assertThrows(UnsupportedOperationException.class, LogGroupDataProtection.REQUIRED::clear);
  }

  @Test
  void requiredIdentifiers_shouldKeepTheirDocumentedOrder() {
    assertEquals(
        List.of("EmailAddress", "CreditCardNumber"),
        LogGroupDataProtection.REQUIRED.stream().limit(2).toList());
    assertEquals("PuttyPrivateKey", LogGroupDataProtection.REQUIRED.getLast());
  }

  @Test
  void ownPolicyDocument_shouldCoverEveryRequiredIdentifier() {
    assertEquals(
        LogGroupDataProtection.REQUIRED,
        LogGroupDataProtection.covered(LogGroupDataProtection.policyDocument("findings")));
  }

  @Test
  void unreadableOrAuditOnlyDocument_shouldCoverNothing() {
    assertEquals(Set.of(), LogGroupDataProtection.covered("{not json"));
    assertEquals(
        Set.of(),
        LogGroupDataProtection.covered(
            "{\"Statement\":[{\"DataIdentifier\":["
                + "\"arn:aws:dataprotection::aws:data-identifier/EmailAddress\"],\"Operation\":{\"Audit\":{}}}]}"));
  }
}
