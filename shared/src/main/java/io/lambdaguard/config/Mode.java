package io.lambdaguard.config;

/** Whether the service changes functions or only says what it would change. */
public enum Mode {
  /** Fix what can be fixed. */
  ENFORCE,
  /** Decide and log, write nothing. */
  REPORT;

  static Mode parse(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "enforce" -> ENFORCE;
      case "report" -> REPORT;
      default ->
          throw new ConfigException(EnvironmentVariables.MODE, "must be 'enforce' or 'report'");
    };
  }
}
