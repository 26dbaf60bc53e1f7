package io.lambdaguard.remediation;

import dagger.Lazy;
import io.lambdaguard.config.Config;
import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.FunctionNames;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.Redaction;
import io.lambdaguard.pseudonyms.Pseudonyms;
import io.lambdaguard.tickets.FixStep;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * How every function of the service names a function in its log lines, results, tickets, ledger
 * items and metrics. A name can hold the very personal data the service protects ({@code
 * payroll-536-22-8741}), so a name in which the detector finds any is shown redacted, with a keyed
 * pseudonym that tells functions apart: {@code
 * arn:aws:lambda:us-east-1:123456789012:function:payroll-[redacted:us-ssn] (#3f2a9c0b1d4e)}. Other
 * names are shown as they are. Only AWS API calls (and AWS's own log group name) carry the real
 * name.
 *
 * <p>Functions that detect personal data anyway (strip-personal-data) have the detector built at
 * init. The others build it (about 100 ms, libphonenumber's metadata) only for the first name that
 * passes {@link #mayHoldPersonalData}, a screen that lets through every name in which the
 * rule-based detector can find anything; most containers never build it.
 */
@Singleton
public final class FunctionLabels {
  /**
   * No kind the rule-based detector knows fits in fewer digits (a UK National Insurance number has
   * six).
   */
  static final int MIN_DIGITS = 6;

  /**
   * Names labelled in this container (one event labels its function a dozen times), when only the
   * rule-based detector reads them: Comprehend's answers depend on the prefetch of each event, so
   * its labels are never reused.
   */
  private static final int REMEMBERED = 256;

  private final Lazy<PersonalDataDetector> detector;
  private final Pseudonyms pseudonyms;
  private final boolean screen;
  private final Map<String, String> labelledNames = new ConcurrentHashMap<>();

  @Inject
  public FunctionLabels(Lazy<PersonalDataDetector> detector, Pseudonyms pseudonyms, Config config) {
    this(detector, pseudonyms, !config.comprehendPii().enabled());
  }

  /**
   * @param screen skip the detector for names that cannot hold what it finds; false when a remote
   *     detector (Comprehend) can find person names, which need no digits
   */
  public FunctionLabels(
      Lazy<PersonalDataDetector> detector, Pseudonyms pseudonyms, boolean screen) {
    this.detector = detector;
    this.pseudonyms = pseudonyms;
    this.screen = screen;
  }

  /** The label of the function with this ARN (qualified or not), or bare name, or {@code -}. */
  public String label(String functionArn) {
    int start = nameStart(functionArn);
    int end = nameEnd(functionArn, start);
    return functionArn.substring(0, start)
        + labelledName(functionArn.substring(0, end), functionArn.substring(start, end))
        + functionArn.substring(end);
  }

  /**
   * {@code text} with the function's ARN, and then its name (as in a log group name), replaced by
   * their labels.
   */
  public String scrub(String text, String functionArn) {
    int start = nameStart(functionArn);
    int end = nameEnd(functionArn, start);
    String name = functionArn.substring(start, end);
    String labelled = labelledName(functionArn.substring(0, end), name);
    if (text == null || labelled.equals(name)) {
      return text;
    }
    return text.replace(functionArn, label(functionArn)).replace(name, labelled);
  }

  private static int nameStart(String functionArn) {
    int marker = functionArn.indexOf(":function:");
    return marker < 0 ? 0 : marker + ":function:".length();
  }

  /** Where the name ends: before a version or alias qualifier ({@code :$LATEST}), if any. */
  private static int nameEnd(String functionArn, int start) {
    int qualifier = functionArn.indexOf(':', start);
    return qualifier < 0 ? functionArn.length() : qualifier;
  }

  /**
   * The name, or its redaction with the pseudonym of the unqualified ARN (one per function,
   * whatever the qualifier).
   */
  private String labelledName(String functionArn, String name) {
    if (screen && !mayHoldPersonalData(name)) {
      return name;
    }
    String known = screen ? labelledNames.get(functionArn) : null;
    if (known != null) {
      return known;
    }
    List<Finding> found = FunctionNames.detect(name, detector.get());
    String labelled =
        found.isEmpty()
            ? name
            : Redaction.redact(name, found) + " (#" + pseudonyms.of(functionArn) + ")";
    if (screen) {
      if (labelledNames.size() >= REMEMBERED) {
        labelledNames.clear();
      }
      labelledNames.put(functionArn, labelled);
    }
    return labelled;
  }

  /**
   * The finding with its function named by its label wherever its ARN or name appears (ticket text,
   * fix commands).
   */
  public io.lambdaguard.tickets.Finding label(io.lambdaguard.tickets.Finding finding) {
    String arn = finding.functionArn();
    if (!finding.hasFunction() || label(arn).equals(arn)) {
      return finding;
    }
    UnaryOperator<String> scrub = text -> scrub(text, arn);
    return new io.lambdaguard.tickets.Finding(
        finding.ruleId(),
        scrub.apply(arn),
        finding.account(),
        finding.region(),
        finding.actorArn(),
        finding.eventTime(),
        finding.eventId(),
        finding.severity(),
        finding.category(),
        scrub.apply(finding.subject()),
        scrub.apply(finding.found()),
        scrub.apply(finding.notFixedBecause()),
        finding.outcome(),
        finding.fixSteps().stream()
            .map(step -> new FixStep(scrub.apply(step.text()), scrub.apply(step.command())))
            .toList());
  }

  /**
   * Whether the rule-based detector could find anything in this name: at least {@link #MIN_DIGITS}
   * digits, or a character names cannot hold ({@code @}, {@code +}, a space), which only a
   * malformed event brings.
   */
  static boolean mayHoldPersonalData(String name) {
    int digits = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
        return true;
      }
    }
    return digits >= MIN_DIGITS;
  }
}
