package io.lambdaguard.config;

/**
 * A missing or invalid configuration value; fatal at init so a misconfigured function never runs.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String variable, String problem) {
    super("configuration " + variable + " " + problem);
  }
}
