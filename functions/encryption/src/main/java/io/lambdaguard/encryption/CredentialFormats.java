package io.lambdaguard.encryption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Recognises credentials in configuration values by their shape: URLs and connection strings with a
 * password, and well-known secret formats. Precise rather than greedy: a pattern only counts with
 * the context that makes it a credential (a 40-character AWS secret key only next to an access key
 * id, a JWT only when its header decodes to one, a URL only with a password), so ordinary
 * configuration (JDBC URLs without password, ARNs, UUIDs, hashes, base64 of short values) never
 * matches. Returns kinds, never the values.
 */
final class CredentialFormats {
  /** {@code scheme://} as in RFC 3986; the character before it must not continue a scheme. */
  private static final Pattern SCHEME =
      Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://");

  /** A password parameter in a URL query or a {@code key=value;} connection string. */
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(?:^|[?&;])\\s*(?:password|passwd|pwd)\\s*=\\s*([^&;]*)");

  /**
   * Template placeholders and masks, which are not credentials. {@code $NAME} is not one: Lambda
   * never expands a variable inside another, so {@code postgres://app:$Passw0rd@db} holds the
   * password {@code $Passw0rd}.
   */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{[^}]*}|\\{\\{[^}]*}}|<[^>]*>|%s|\\*+|x+|X+|\\.\\.\\.");

  private static final Pattern AWS_ACCESS_KEY_ID =
      Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");
  private static final Pattern AWS_SECRET_KEY =
      Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  /**
   * An OpenAI key: {@code sk-proj-}, {@code sk-svcacct-}, {@code sk-admin-} or the older plain
   * {@code sk-}.
   */
  private static final Pattern OPENAI_KEY =
      Pattern.compile(
          "(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])");

  /** An Azure storage connection string's key: 64 bytes in base64. */
  private static final Pattern AZURE_ACCOUNT_KEY =
      Pattern.compile("(?i)(?:^|;)\\s*AccountKey\\s*=\\s*([A-Za-z0-9+/]{80,}={0,2})(?=;|$)");

  /**
   * A URL query parameter whose value is an HTTP Basic authorization: {@code
   * ?auth=Basic%20dXNlcjpwYXNz}.
   */
  private static final Pattern BASIC_IN_QUERY =
      Pattern.compile(
          "(?i)[?&][A-Za-z0-9_.-]+=Basic(?:%20|\\+| )([A-Za-z0-9+/_-]{4,}(?:=|%3D){0,2})");

  private static final Pattern JWT =
      Pattern.compile(
          "(?<![A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{5,})\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_.-])");

  /** Formats recognisable on their own: the prefix is specific to one issuer. */
  private static final Map<String, Pattern> TOKENS = tokens();

  private static Map<String, Pattern> tokens() {
    Map<String, Pattern> tokens = new LinkedHashMap<>();
    tokens.put(
        "a private key (PEM block)",
        Pattern.compile(
            "-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----"));
    tokens.put(
        "a GitHub token",
        Pattern.compile("(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])"));
    tokens.put(
        "a GitHub fine-grained token",
        Pattern.compile(
            "(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])"));
    tokens.put(
        "a Slack token",
        Pattern.compile(
            "(?<![A-Za-z0-9])xox[baprs]-[0-9]{6,}(?:-[A-Za-z0-9]{6,}){1,3}(?![A-Za-z0-9-])"));
    tokens.put(
        "a Stripe live secret key",
        Pattern.compile("(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{24,}(?![A-Za-z0-9_])"));
    tokens.put(
        "a Google API key",
        Pattern.compile("(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"));
    tokens.put(
        "a Slack webhook URL",
        Pattern.compile(
            "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/T[A-Z0-9]{8,}/[A-Z0-9]{8,}/[A-Za-z0-9]{20,}"));
    tokens.put(
        "a GitLab token",
        Pattern.compile(
            "(?<![A-Za-z0-9_])gl(?:pat|dt|rt|cbt|ptt)-[A-Za-z0-9_.-]{20,}(?![A-Za-z0-9_.-])"));
    tokens.put(
        "an npm token", Pattern.compile("(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])"));
    tokens.put(
        "a SendGrid API key",
        Pattern.compile(
            "(?<![A-Za-z0-9_.-])SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_.-])"));
    return Map.copyOf(tokens);
  }

  private CredentialFormats() {}

  /**
   * Variable name to the kinds of credentials its value holds, for the variables that hold any;
   * sorted by name.
   */
  static Map<String, List<String>> scan(Map<String, String> environment) {
    Map<String, String> accessKeyIds = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (AWS_ACCESS_KEY_ID.matcher(value).find()) {
            accessKeyIds.put(name, value);
          }
        });
    Map<String, List<String>> found = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          Set<String> kinds = new LinkedHashSet<>(kinds(value));
          awsSecretKey(name, value, accessKeyIds.keySet()).ifPresent(kinds::add);
          if (!kinds.isEmpty()) {
            found.put(name, List.copyOf(kinds));
          }
        });
    return found;
  }

  /** The kinds recognisable in one value on its own. */
  static List<String> kinds(String value) {
    List<String> kinds = new ArrayList<>();
    if (urlWithPassword(value)) {
      kinds.add("a URL with embedded credentials (user and password)");
    }
    if (passwordParameter(value)) {
      kinds.add("a connection string with a password");
    }
    TOKENS.entrySet().stream()
        .filter(token -> token.getValue().matcher(value).find())
        .map(Map.Entry::getKey)
        .sorted()
        .forEach(kinds::add);
    if (jwt(value)) {
      kinds.add("a JSON Web Token");
    }
    if (openAiKey(value)) {
      kinds.add("an OpenAI API key");
    }
    if (AZURE_ACCOUNT_KEY.matcher(value).find()) {
      kinds.add("an Azure storage account key");
    }
    if (basicCredentialsInQuery(value)) {
      kinds.add("HTTP Basic credentials in a URL query");
    }
    return kinds;
  }

  /**
   * {@code scheme://user:password@host}; {@code scheme://user@host} has no password and does not
   * count.
   */
  private static boolean urlWithPassword(String value) {
    Matcher scheme = SCHEME.matcher(value);
    while (scheme.find()) {
      int start = scheme.end();
      int end = start;
      while (end < value.length()
          && "/?#".indexOf(value.charAt(end)) < 0
          && !Character.isWhitespace(value.charAt(end))) {
        end++;
      }
      String authority = value.substring(start, end);
      int at = authority.lastIndexOf('@');
      if (at < 0 || at == authority.length() - 1) {
        continue;
      }
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      if (colon >= 0 && secretLike(userInfo.substring(colon + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code ...?user=app&password=...} or {@code Server=db;Password=...;}, only in URLs and
   * connection strings.
   */
  private static boolean passwordParameter(String value) {
    Matcher parameter = PASSWORD_PARAMETER.matcher(value);
    while (parameter.find()) {
      if (secretLike(parameter.group(1).trim())) {
        return true;
      }
    }
    return false;
  }

  private static boolean secretLike(String password) {
    return !password.isEmpty() && !PLACEHOLDER.matcher(password).matches();
  }

  /**
   * A 40-character secret access key, only when some variable holds an access key id to go with it.
   */
  private static Optional<String> awsSecretKey(
      String name, String value, Set<String> accessKeyIdVariables) {
    if (accessKeyIdVariables.isEmpty()) {
      return Optional.empty();
    }
    Matcher candidate = AWS_SECRET_KEY.matcher(value);
    while (candidate.find()) {
      String key = candidate.group();
      boolean mixed =
          key.chars().anyMatch(Character::isUpperCase)
              && key.chars().anyMatch(Character::isLowerCase)
              && key.chars().anyMatch(Character::isDigit);
      // A commit hash or checksum is hex; a real secret key is base64-like with mixed case and
      // digits.
      if (mixed && !HEX.matcher(key).matches()) {
        if (accessKeyIdVariables.contains(name)) {
          return Optional.of("an AWS access key id and secret access key");
        }
        return Optional.of(
            "an AWS secret access key (its access key id is in "
                + String.join(", ", accessKeyIdVariables)
                + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * A key's random part mixes upper case, lower case and digits; a long resource name after {@code
   * sk-} does not.
   */
  private static boolean openAiKey(String value) {
    Matcher key = OPENAI_KEY.matcher(value);
    while (key.find()) {
      String random = key.group();
      if (random.chars().anyMatch(Character::isUpperCase)
          && random.chars().anyMatch(Character::isLowerCase)
          && random.chars().anyMatch(Character::isDigit)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The parameter's value decodes to {@code user:password} with a password, as HTTP Basic
   * credentials do.
   */
  private static boolean basicCredentialsInQuery(String value) {
    Matcher parameter = BASIC_IN_QUERY.matcher(value);
    while (parameter.find()) {
      String encoded = parameter.group(1).replace("%3D", "=").replace("%3d", "=");
      try {
        byte[] decoded =
            encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(encoded)
                : Base64.getDecoder().decode(encoded);
        String credentials = new String(decoded, StandardCharsets.UTF_8);
        int colon = credentials.indexOf(':');
        if (colon > 0 && colon < credentials.length() - 1) {
          return true;
        }
      } catch (IllegalArgumentException notBase64) {
        // Not credentials: keep looking.
      }
    }
    return false;
  }

  /** Three base64url parts whose first decodes to a JSON header naming an algorithm. */
  private static boolean jwt(String value) {
    Matcher token = JWT.matcher(value);
    while (token.find()) {
      try {
        String header =
            new String(Base64.getUrlDecoder().decode(token.group(1)), StandardCharsets.UTF_8);
        JsonNode json = JsonNode.parser().parse(header);
        if (json.isObject() && json.field("alg").filter(JsonNode::isString).isPresent()) {
          return true;
        }
      } catch (RuntimeException notAJwtHeader) {
        // Not base64url or not JSON: keep looking.
      }
    }
    return false;
  }
}
