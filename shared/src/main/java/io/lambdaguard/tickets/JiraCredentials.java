package io.lambdaguard.tickets;

import io.lambdaguard.config.Config;
import io.lambdaguard.config.TicketConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Jira account from the Secrets Manager secret {@code {"email": ..., "apiToken": ...}}, read
 * once per container when first needed, and again when Jira rejects it (a rotated token works at
 * once). A failed read is not cached: the next ticket tries again.
 */
@Singleton
public final class JiraCredentials {
  private final SecretsManagerClient secrets;
  private final String secretArn;
  private volatile JiraSink.Account account;

  @Inject
  public JiraCredentials(SecretsManagerClient secrets, Config config) {
    this(secrets, ((TicketConfig.Jira) config.tickets().sink()).secretArn());
  }

  JiraCredentials(SecretsManagerClient secrets, String secretArn) {
    this.secrets = secrets;
    this.secretArn = secretArn;
  }

  JiraSink.Account get() {
    JiraSink.Account known = account;
    if (known == null) {
      synchronized (this) {
        if (account == null) {
          account = read();
        }
        known = account;
      }
    }
    return known;
  }

  /**
   * Reads the secret again after Jira rejected {@code rejected}, unless a concurrent ticket has
   * already done so; returns the account to use now.
   */
  JiraSink.Account refresh(JiraSink.Account rejected) {
    synchronized (this) {
      if (account == null || account == rejected) {
        account = null;
        account = read();
      }
      return account;
    }
  }

  private JiraSink.Account read() {
    String secret = secrets.getSecretValue(g -> g.secretId(secretArn)).secretString();
    JsonNode json;
    try {
      json = secret == null ? null : JsonNode.parser().parse(secret);
    } catch (RuntimeException e) {
      json = null;
    }
    String email = field(json, "email");
    String token = field(json, "apiToken");
    if (email == null || token == null) {
      // Never echo the secret, not even in part.
      throw new TicketSinkException(
          "jira", "secret " + secretArn + " must be JSON with the strings email and apiToken");
    }
    return new JiraSink.Account(email, token);
  }

  private static String field(JsonNode json, String name) {
    if (json == null || !json.isObject()) {
      return null;
    }
    return json.field(name)
        .filter(JsonNode::isString)
        .map(JsonNode::asString)
        .filter(s -> !s.isBlank())
        .orElse(null);
  }
}
