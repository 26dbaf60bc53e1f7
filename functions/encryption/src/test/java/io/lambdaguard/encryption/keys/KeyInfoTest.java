package io.lambdaguard.encryption.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyInfoTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "none",
      value = {
        "FOUND, CUSTOMER, Enabled, SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, none",
        "FOUND, AWS, Enabled, SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, 'key is AWS managed, not customer managed'",
        "FOUND, CUSTOMER, Disabled, SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, key state is Disabled",
        "FOUND, CUSTOMER, PendingDeletion, SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, key is pending deletion",
        "FOUND, CUSTOMER, Enabled, RSA_2048, ENCRYPT_DECRYPT, key is not a symmetric ENCRYPT_DECRYPT key",
        "FOUND, CUSTOMER, Enabled, HMAC_256, GENERATE_VERIFY_MAC, key is not a symmetric ENCRYPT_DECRYPT key",
        "NOT_FOUND, '', '', '', '', key not found",
        "ACCESS_DENIED, '', '', '', '', access to the key denied"
      })
  void key_shouldBeUsableOnlyWhenCustomerManagedEnabledAndSymmetric(
      KeyInfo.Availability availability,
      String manager,
      String state,
      String spec,
      String usage,
      String problem) {
    KeyInfo key = new KeyInfo("k", availability, manager, state, spec, usage);
    assertEquals(Optional.ofNullable(problem), key.unusableBecause());
  }
}
