package io.lambdaguard.pseudonyms;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 with the stack's pseudonym secret. The same input gives the same pseudonym within
 * one stack (tickets about one function share it); without the secret a pseudonym reveals nothing
 * and cannot be checked against guesses, however small the space of the original (nine digits of an
 * SSN). Each use has its own domain, so a name's pseudonym never equals a dedup key's prefix.
 */
@Singleton
public final class Pseudonyms {
  static final String ALGORITHM = "HmacSHA256";

  /** Hex digits of a pseudonym: 48 bits, enough to tell the names of one account apart. */
  static final int PSEUDONYM_HEX = 12;

  private final Supplier<SecretKeySpec> key;

  @Inject
  public Pseudonyms(PseudonymSecret secret) {
    this.key = secret::key;
  }

  private Pseudonyms(Supplier<SecretKeySpec> key) {
    this.key = key;
  }

  /** Pseudonyms under a key given directly: for unit tests of the logic. */
  public static Pseudonyms withKey(byte[] secret) {
    SecretKeySpec spec = new SecretKeySpec(secret.clone(), ALGORITHM);
    return new Pseudonyms(() -> spec);
  }

  /**
   * A short stand-in for a string that holds personal data (a function name, a tag key): 12 hex
   * digits.
   */
  public String of(String text) {
    return hmac("pseudonym", text).substring(0, PSEUDONYM_HEX);
  }

  /** The ticket ledger's dedup key of these parts: 64 hex digits. */
  public String dedupKey(String... parts) {
    return hmac("dedup-key", String.join("\n", parts));
  }

  private String hmac(String domain, String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key.get());
      mac.update(domain.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
