package io.lambdaguard.encryption.keys;

/** Answers what a KMS key is; implementations may cache. */
@FunctionalInterface
public interface KeyLookup {
  /** Describes the key with this id, ARN or alias. */
  KeyInfo describe(String keyId);
}
