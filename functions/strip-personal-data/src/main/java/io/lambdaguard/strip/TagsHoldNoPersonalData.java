package io.lambdaguard.strip;

import io.lambdaguard.config.TagAction;
import io.lambdaguard.events.LambdaOperation;
import io.lambdaguard.lambda.FunctionReader;
import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.FixedPointRedaction;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.pseudonyms.Pseudonyms;
import io.lambdaguard.rules.Evidence;
import io.lambdaguard.rules.Exemption;
import io.lambdaguard.rules.FixNotVerifiedException;
import io.lambdaguard.rules.LambdaWriteErrors;
import io.lambdaguard.rules.Rule;
import io.lambdaguard.rules.Verdict;
import io.lambdaguard.tickets.Category;
import io.lambdaguard.tickets.FixStep;
import io.lambdaguard.tickets.Severity;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * No tag key or value holds personal data: tags flow into billing and diagnostic data.
 *
 * <ul>
 *   <li>Trigger: {@code CreateFunction}, {@code TagResource}.
 *   <li>Check: every tag key and value with the personal-data detector; {@code aws:} tags are AWS's
 *       and skipped.
 *   <li>Fix: one {@code UntagResource} removing the offending tags (default), or, with {@code
 *       TAG_ACTION=redact}, one {@code TagResource} rewriting only the matched spans of offending
 *       values with {@code redacted:<kind>} (a tag whose key holds personal data is always removed:
 *       a key cannot be rewritten in place; so is a tag whose value cannot be redacted clean within
 *       Lambda's 256 characters). The exemption's tags ({@code lambdaguard:exempt...}) are always
 *       redacted, never removed, so the exemption outlives personal data in its reason. Then the
 *       tags are read again: the fix is done only when none holds personal data.
 *   <li>Permissions: {@code lambda:UntagResource}, {@code lambda:TagResource}.
 *   <li>Sample: {@code events/lambda/tag_resource_with_personal_data.json}.
 * </ul>
 *
 * <p>Evidence names a tag by its key, or by a keyed pseudonym ({@link Pseudonyms}) when the key
 * itself holds personal data.
 */
public final class TagsHoldNoPersonalData implements Rule {
  public static final String ID = "tags-no-personal-data";

  /** Lambda's limit on a tag value, in characters. */
  public static final int MAX_VALUE_LENGTH = 256;

  private final LambdaClient lambda;
  private final PersonalDataDetector detector;
  private final TagAction action;
  private final FunctionReader reader;
  private final Pseudonyms pseudonyms;

  @Inject
  public TagsHoldNoPersonalData(
      LambdaClient lambda,
      PersonalDataDetector detector,
      TagAction action,
      FunctionReader reader,
      Pseudonyms pseudonyms) {
    this.lambda = lambda;
    this.detector = detector;
    this.action = action;
    this.reader = reader;
    this.pseudonyms = pseudonyms;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<LambdaOperation> triggers() {
    return Set.of(LambdaOperation.CREATE_FUNCTION, LambdaOperation.TAG_RESOURCE);
  }

  @Override
  public Set<String> permissions() {
    return Set.of("lambda:UntagResource", "lambda:TagResource");
  }

  @Override
  public Severity severity() {
    return Severity.MEDIUM;
  }

  @Override
  public Category category() {
    return Category.PERSONAL_DATA;
  }

  /** What is wrong with one tag. */
  private record TagFinding(String key, String label, List<Finding> inKey, List<Finding> inValue) {}

  private List<TagFinding> scan(Map<String, String> tags) {
    List<TagFinding> found = new ArrayList<>();
    // Sorted, so evidence, tickets and writes come in a stable order.
    for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
      if (isAwsTag(tag.getKey())) {
        continue;
      }
      List<Finding> inKey = detector.detect(tag.getKey());
      List<Finding> inValue = detector.detect(tag.getValue());
      if (!inKey.isEmpty() || !inValue.isEmpty()) {
        String label = inKey.isEmpty() ? tag.getKey() : "tag-key-" + pseudonyms.of(tag.getKey());
        found.add(new TagFinding(tag.getKey(), label, inKey, inValue));
      }
    }
    return found;
  }

  /** AWS's own tags ({@code aws:...}), which nobody may change and which this rule skips. */
  static boolean isAwsTag(String key) {
    return key.regionMatches(true, 0, "aws:", 0, 4);
  }

  @Override
  public Verdict check(FunctionSnapshot function) {
    List<TagFinding> found = scan(function.tags());
    if (found.isEmpty()) {
      return new Verdict.Compliant("no personal data in " + function.tags().size() + " tags");
    }
    List<Evidence> evidence =
        found.stream()
            .map(
                f ->
                    new Evidence(
                        f.label(),
                        f.inKey().isEmpty()
                            ? "the value of tag "
                                + f.label()
                                + " holds "
                                + PersonalDataFindings.kinds(f.inValue())
                            : "a tag key ("
                                + f.label()
                                + ") holds "
                                + PersonalDataFindings.kinds(f.inKey())))
            .toList();
    return new Verdict.NonCompliant(
        "personal data in tags "
            + String.join(", ", found.stream().map(TagFinding::label).toList()),
        evidence);
  }

  @Override
  public String fix(FunctionSnapshot function, Verdict.NonCompliant violation) {
    // Decide on the state just read, not on the evidence text, which carries no values.
    List<TagFinding> found = scan(function.tags());
    List<String> remove = new ArrayList<>();
    Map<String, String> rewrite = new LinkedHashMap<>();
    for (TagFinding f : found) {
      // An exemption's tags are redacted, never removed: the owner's exemption keeps working with a
      // clean reason.
      boolean redact = action == TagAction.REDACT || Exemption.isExemptionTag(f.key());
      FixedPointRedaction.Result redacted =
          !redact || !f.inKey().isEmpty()
              ? null
              : FixedPointRedaction.redact(
                  detector,
                  function.tags().get(f.key()),
                  FixedPointRedaction.Markers.TAG_VALUE,
                  MAX_VALUE_LENGTH);
      if (redacted != null && redacted.writable()) {
        rewrite.put(f.key(), redacted.text());
      } else {
        remove.add(f.key());
      }
    }
    try {
      if (!rewrite.isEmpty()) {
        lambda.tagResource(t -> t.resource(function.arn()).tags(rewrite));
      }
      if (!remove.isEmpty()) {
        lambda.untagResource(u -> u.resource(function.arn()).tagKeys(remove));
      }
    } catch (LambdaException e) {
      throw LambdaWriteErrors.translate(e, function.arn(), "tag change refused");
    }
    // The service's own writes are skipped as self-caused when their events arrive: this read is
    // the only check of them.
    List<TagFinding> left = scan(reader.read(function.arn()).tags());
    if (!left.isEmpty()) {
      List<Finding> kinds =
          left.stream()
              .flatMap(f -> Stream.concat(f.inKey().stream(), f.inValue().stream()))
              .toList();
      throw new FixNotVerifiedException(
          new Evidence(
              "tags",
              "tags "
                  + String.join(", ", left.stream().map(TagFinding::label).toList())
                  + " still hold "
                  + PersonalDataFindings.kinds(kinds)
                  + " after the fix"));
    }
    List<String> done = new ArrayList<>();
    if (!remove.isEmpty()) {
      done.add("removed " + remove.size() + (remove.size() == 1 ? " tag" : " tags"));
    }
    if (!rewrite.isEmpty()) {
      done.add(
          "redacted the values of " + rewrite.size() + (rewrite.size() == 1 ? " tag" : " tags"));
    }
    return String.join(" and ", done);
  }

  @Override
  public String plannedFix() {
    return action == TagAction.REMOVE
        ? "would remove the offending tags"
        : "would redact the offending tag values";
  }

  @Override
  public List<FixStep> manualFix(FunctionSnapshot function, String subject) {
    return List.of(
        FixStep.withCommand(
            "Remove the tag (or rewrite its value without personal data); if the key itself holds personal data, list the "
                + "function's tags to find it: the ticket names it only by a pseudonym.",
            "aws lambda list-tags --resource "
                + function.arn()
                + "\n"
                + "aws lambda untag-resource --resource "
                + function.arn()
                + " --tag-keys <key>"));
  }

  @Override
  public boolean fixNeedsCurrentRevision() {
    return false;
  }
}
