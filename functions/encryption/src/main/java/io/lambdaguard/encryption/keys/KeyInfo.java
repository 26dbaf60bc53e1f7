package io.lambdaguard.encryption.keys;

import java.util.Optional;

/**
 * What KMS says about a key, or why it could not say.
 *
 * @param keyId the id or ARN asked for
 * @param availability whether the key was found and readable
 * @param keyManager {@code CUSTOMER} or {@code AWS} (empty when unavailable)
 * @param keyState {@code Enabled}, {@code Disabled}, {@code PendingDeletion}, ...
 * @param keySpec e.g. {@code SYMMETRIC_DEFAULT}
 * @param keyUsage e.g. {@code ENCRYPT_DECRYPT}
 */
public record KeyInfo(
    String keyId,
    Availability availability,
    String keyManager,
    String keyState,
    String keySpec,
    String keyUsage) {

  /** Whether DescribeKey answered. */
  public enum Availability {
    FOUND,
    NOT_FOUND,
    ACCESS_DENIED
  }

  public static KeyInfo notFound(String keyId) {
    return new KeyInfo(keyId, Availability.NOT_FOUND, "", "", "", "");
  }

  public static KeyInfo accessDenied(String keyId) {
    return new KeyInfo(keyId, Availability.ACCESS_DENIED, "", "", "", "");
  }

  /** True for AWS managed keys such as {@code aws/lambda}. */
  public boolean awsManaged() {
    return "AWS".equals(keyManager);
  }

  /**
   * Why KMS could not say what this key is, or empty when it did: such a key can never count as
   * customer managed.
   */
  public Optional<String> uncheckableBecause() {
    return switch (availability) {
      case NOT_FOUND -> Optional.of("key not found");
      case ACCESS_DENIED -> Optional.of("access to the key denied");
      case FOUND -> Optional.empty();
    };
  }

  /**
   * Why this key cannot encrypt a function's environment variables, or empty when it can: it must
   * exist, be readable, customer managed, enabled and symmetric {@code ENCRYPT_DECRYPT}.
   */
  public Optional<String> unusableBecause() {
    return switch (availability) {
      case NOT_FOUND -> Optional.of("key not found");
      case ACCESS_DENIED -> Optional.of("access to the key denied");
      case FOUND -> {
        if (!"CUSTOMER".equals(keyManager)) {
          yield Optional.of("key is AWS managed, not customer managed");
        } else if ("PendingDeletion".equals(keyState)
            || "PendingReplicaDeletion".equals(keyState)) {
          yield Optional.of("key is pending deletion");
        } else if (!"Enabled".equals(keyState)) {
          yield Optional.of("key state is " + keyState);
        } else if (!"ENCRYPT_DECRYPT".equals(keyUsage) || !"SYMMETRIC_DEFAULT".equals(keySpec)) {
          yield Optional.of("key is not a symmetric ENCRYPT_DECRYPT key");
        }
        yield Optional.empty();
      }
    };
  }
}
