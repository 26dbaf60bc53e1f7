package io.lambdaguard.config;

import static io.lambdaguard.config.EnvironmentVariables.DATA_PROTECTION_FINDINGS_LOG_GROUP;
import static io.lambdaguard.config.EnvironmentVariables.LOG_DATA_PROTECTION;
import static io.lambdaguard.config.EnvironmentVariables.XRAY_ENCRYPTION;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The account-wide data-protection settings of the encryption function: X-Ray's encryption and the
 * log groups' data protection policies.
 *
 * @param xrayEncryption what the {@code xray-customer-key} rule does
 * @param logDataProtection whether the {@code log-group-data-protection} rule runs
 * @param findingsLogGroup the stack's log group that receives data protection audit findings, when
 *     configured
 */
public record DataProtectionSettings(
    XRayEncryption xrayEncryption, boolean logDataProtection, Optional<String> findingsLogGroup) {
  /** What the X-Ray rule does when X-Ray is not on the configured key. */
  public enum XRayEncryption {
    /** The rule is not in the catalogue. */
    OFF,
    /**
     * One ticket per account and region (default: an account-wide change, so the owner decides).
     */
    TICKET,
    /** PutEncryptionConfig with the configured key. */
    FIX
  }

  static DataProtectionSettings from(Map<String, String> env) {
    XRayEncryption xray =
        Config.optional(env, XRAY_ENCRYPTION)
            .map(
                v ->
                    switch (v.toLowerCase(Locale.ROOT)) {
                      case "off" -> XRayEncryption.OFF;
                      case "ticket" -> XRayEncryption.TICKET;
                      case "fix" -> XRayEncryption.FIX;
                      default ->
                          throw new ConfigException(
                              XRAY_ENCRYPTION, "must be 'ticket', 'fix' or 'off'");
                    })
            .orElse(XRayEncryption.TICKET);
    boolean logs =
        Config.optional(env, LOG_DATA_PROTECTION)
            .map(
                v ->
                    switch (v.toLowerCase(Locale.ROOT)) {
                      case "on" -> true;
                      case "off" -> false;
                      default ->
                          throw new ConfigException(LOG_DATA_PROTECTION, "must be 'on' or 'off'");
                    })
            .orElse(false);
    Optional<String> findings = Config.optional(env, DATA_PROTECTION_FINDINGS_LOG_GROUP);
    if (findings.filter(g -> !g.matches("[.\\-_/#A-Za-z0-9]{1,512}")).isPresent()) {
      throw new ConfigException(DATA_PROTECTION_FINDINGS_LOG_GROUP, "must be a log group name");
    }
    return new DataProtectionSettings(xray, logs, findings);
  }

  /** The findings log group, for the rule that needs it. */
  public String requireFindingsLogGroup() {
    return findingsLogGroup.orElseThrow(
        () ->
            new ConfigException(
                DATA_PROTECTION_FINDINGS_LOG_GROUP,
                "is required when " + LOG_DATA_PROTECTION + " is on"));
  }
}
