package io.lambdaguard.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The function an event is about, as the caller named it: a plain name, a partial ARN or a full
 * ARN, possibly with a version or alias qualifier.
 *
 * @param name the function name
 * @param account the account from the ARN, when the caller used one
 * @param region the region from a full ARN
 * @param qualifier the version or alias from a qualified ARN
 * @param partition the partition from a full ARN ({@code aws}, {@code aws-cn}, {@code aws-us-gov},
 *     ...)
 */
public record FunctionRef(
    String name,
    Optional<String> account,
    Optional<String> region,
    Optional<String> qualifier,
    Optional<String> partition) {

  // arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier] | 123456789012:function:name |
  // name
  private static final Pattern FULL_ARN =
      Pattern.compile(
          "^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\\d{12}):function:([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]+))?$");
  private static final Pattern PARTIAL_ARN =
      Pattern.compile("^(\\d{12}):function:([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]+))?$");
  private static final Pattern NAME =
      Pattern.compile("^([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]+))?$");

  /** Parses the identifier, or returns empty when it is no valid Lambda function identifier. */
  public static Optional<FunctionRef> parse(String identifier) {
    Matcher m = FULL_ARN.matcher(identifier);
    if (m.matches()) {
      return Optional.of(
          new FunctionRef(
              m.group(4),
              Optional.of(m.group(3)),
              Optional.of(m.group(2)),
              Optional.ofNullable(m.group(5)),
              Optional.of(m.group(1))));
    }
    m = PARTIAL_ARN.matcher(identifier);
    if (m.matches()) {
      return Optional.of(
          new FunctionRef(
              m.group(2),
              Optional.of(m.group(1)),
              Optional.empty(),
              Optional.ofNullable(m.group(3)),
              Optional.empty()));
    }
    m = NAME.matcher(identifier);
    if (m.matches()) {
      return Optional.of(
          new FunctionRef(
              m.group(1),
              Optional.empty(),
              Optional.empty(),
              Optional.ofNullable(m.group(2)),
              Optional.empty()));
    }
    return Optional.empty();
  }

  /**
   * The ARN of the unqualified function in the given account and region, completing what the caller
   * left out; the partition is the ARN's own, or else the region's ({@code cn-north-1} is in {@code
   * aws-cn}).
   */
  public String arnIn(String defaultAccount, String defaultRegion) {
    String inRegion = region.orElse(defaultRegion);
    return "arn:"
        + partition.orElseGet(() -> partitionOf(inRegion))
        + ":lambda:"
        + inRegion
        + ":"
        + account.orElse(defaultAccount)
        + ":function:"
        + name;
  }

  /**
   * The partition of a region, as the SDK's endpoint metadata knows it (also for regions newer than
   * the SDK).
   */
  static String partitionOf(String region) {
    return PartitionMetadata.of(Region.of(region)).id();
  }
}
