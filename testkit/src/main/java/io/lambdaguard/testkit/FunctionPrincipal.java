package io.lambdaguard.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Who a function runs as in tests: its role (the template's logical id) and the ticket sink it is
 * configured with. Tests give a function under test credentials whose access key id is {@link
 * #accessKeyId()}, so the emulator's call log tells its requests from the test's own set-up and
 * read-back, and each sink's calls apart.
 */
public record FunctionPrincipal(String role, String ticketSink) {
  private static final Pattern KEY = Pattern.compile("([A-Za-z0-9]+)\\.([a-z]+)");

  public FunctionPrincipal {
    if (!KEY.matcher(role + "." + ticketSink).matches()) {
      throw new IllegalArgumentException(
          "role: a logical id; sink: a TICKET_SINK value in lower case");
    }
  }

  /**
   * The sink as the function reads {@code TICKET_SINK}: empty or unset means the default,
   * opscenter.
   */
  public static FunctionPrincipal of(String role, String ticketSinkVariable) {
    String sink =
        ticketSinkVariable == null || ticketSinkVariable.isBlank()
            ? "opscenter"
            : ticketSinkVariable.trim();
    return new FunctionPrincipal(role, sink.toLowerCase(Locale.ROOT));
  }

  /** The access key id the function's credentials carry: {@code EncryptionRole.sns}. */
  public String accessKeyId() {
    return role + "." + ticketSink;
  }

  /**
   * Static credentials whose access key id is {@link #accessKeyId()}, for the function's own
   * clients.
   */
  public StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId(), "testing"));
  }

  /**
   * The credentials of {@code role} running with the {@code TICKET_SINK} of {@code environment}.
   */
  public static StaticCredentialsProvider credentials(
      String role, Map<String, String> environment) {
    return of(role, environment.get("TICKET_SINK")).credentials();
  }

  /** The principal that signed a call, if a function under test did. */
  public static Optional<FunctionPrincipal> signerOf(ApiCall call) {
    if (call.accessKeyId() == null) {
      return Optional.empty();
    }
    Matcher matcher = KEY.matcher(call.accessKeyId());
    return matcher.matches()
        ? Optional.of(new FunctionPrincipal(matcher.group(1), matcher.group(2)))
        : Optional.empty();
  }
}
