package io.lambdaguard.personaldata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures {@link RuleBasedDetector} on one function's free-form fields: 50 tags (key and value) of
 * realistic length, a description and a name; once with a few fields holding personal data and once
 * with none. Not a test: run it by hand from the repository root.
 *
 * <pre>
 * ./mvnw -q -pl shared -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.cp
 * java -cp shared/target/test-classes:shared/target/classes:$(cat shared/target/runtime.cp) \
 *     io.lambdaguard.personaldata.DetectionBenchmark
 * </pre>
 *
 * It prints only timings and finding counts, never the fields.
 */
public final class DetectionBenchmark {

  private static final int WARMUP_ITERATIONS = 20_000;
  private static final int MEASURED_ITERATIONS = 20_000;

  private DetectionBenchmark() {}

  public static void main(String[] args) {
    long constructStart = System.nanoTime();
    var detector = RuleBasedDetector.withDefaultPhoneRegions();
    long constructed = System.nanoTime();
    List<String> mixed = functionFields(true);
    int findings = scan(detector, mixed);
    long firstCallDone = System.nanoTime();
    System.out.printf(
        "construction: %.1f ms, first function (cold): %.1f ms%n",
        (constructed - constructStart) / 1e6, (firstCallDone - constructed) / 1e6);

    measure("mixed function", detector, mixed, findings);
    List<String> clean = functionFields(false);
    measure("clean function", detector, clean, scan(detector, clean));
    // The same personal data written to evade: full-width digits, Unicode spaces, hidden
    // characters.
    List<String> evasive = mixed.stream().map(DetectionBenchmark::evasive).toList();
    measure("evasive function", detector, evasive, scan(detector, evasive));
  }

  private static void measure(
      String name, PersonalDataDetector detector, List<String> fields, int findings) {
    int sink = 0;
    for (int i = 0; i < WARMUP_ITERATIONS; i++) {
      sink += scan(detector, fields);
    }
    long[] nanos = new long[MEASURED_ITERATIONS];
    for (int i = 0; i < MEASURED_ITERATIONS; i++) {
      long start = System.nanoTime();
      sink += scan(detector, fields);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf(
        "%s (%d fields: 50 tag keys, 50 values, description, name; %d findings), %d runs after"
            + " %d warm-up: median %.1f us, p99 %.1f us%n",
        name,
        fields.size(),
        findings,
        MEASURED_ITERATIONS,
        WARMUP_ITERATIONS,
        nanos[nanos.length / 2] / 1e3,
        nanos[(int) (nanos.length * 0.99)] / 1e3);
    // Keeps the JIT from discarding the work.
    if (sink == Integer.MIN_VALUE) {
      System.out.println();
    }
  }

  /**
   * Digits of the personal data as full-width forms, spaces in them as no-break spaces, a
   * zero-width space after each @.
   */
  private static String evasive(String field) {
    if (!field.contains("@") && !field.matches(".*\\d{3,}[ -]?\\d{3,}.*")
        || field.startsWith("arn:")) {
      return field;
    }
    var out = new StringBuilder(field.length());
    for (char c : field.toCharArray()) {
      if (c >= '0' && c <= '9') {
        out.append((char) ('\uFF10' + (c - '0')));
      } else if (c == ' ') {
        out.append('\u00A0');
      } else if (c == '@') {
        out.append("\u200B@");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int scan(PersonalDataDetector detector, List<String> fields) {
    int findings = 0;
    for (String field : fields) {
      findings += detector.detect(field).size();
    }
    return findings;
  }

  /**
   * 50 tags as AWS accounts carry them. When {@code dirty}, six values, one key and the description
   * hold personal data; otherwise those fields hold clean values of the same length.
   */
  private static List<String> functionFields(boolean dirty) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", "payments-api-prod-handler");
    tags.put("Environment", "production");
    tags.put("Owner", dirty ? "jane.doe@example.com" : "team-payments-owners");
    tags.put("Team", "team-payments");
    tags.put("CostCenter", "4711");
    tags.put("cost-allocation:business-unit", "BU-EMEA-042");
    tags.put("Project", "checkout-modernisation-2024");
    tags.put("Application", "payments-api");
    tags.put("Component", "webhook-ingest");
    tags.put("ManagedBy", "terraform");
    tags.put("terraform:module", "github.com/example-org/infra//modules/lambda?ref=v3.2.1");
    tags.put(
        "aws:cloudformation:stack-id",
        "arn:aws:cloudformation:us-east-1:123456789012:stack/payments-prod/1b2c3d40-a5b6-11ef-8c7d-0a1b2c3d4e5f");
    tags.put("aws:cloudformation:logical-id", "PaymentsHandlerFunction3A1B2C3D");
    tags.put("aws:cloudformation:stack-name", "payments-prod");
    tags.put("Version", "v10.4.2-rc1");
    tags.put("GitCommit", "e83c5163316f89bfbde7d9ab23ca2e25604af290");
    tags.put("Repository", "https://github.com/example-org/payments-api");
    tags.put("DeployedAt", "2024-11-27T10:15:00Z");
    tags.put("DeployedBy", "arn:aws:sts::123456789012:assumed-role/Deployer/ci-pipeline");
    tags.put("BuildNumber", "2024.11.27.1015");
    tags.put("DataClassification", "confidential");
    tags.put("Compliance", "PCI-DSS");
    tags.put("Backup", "Backup-Daily-0300-UTC-Retain-35");
    tags.put("MaintenanceWindow", "Sun 0300-0500 UTC");
    tags.put("Schedule", "cron(0 12 * * ? *)");
    tags.put("OnCall", dirty ? "+44 20 7946 0958" : "#payments-oncall");
    tags.put("OnCallBackup", dirty ? "(212) 555-0147" : "#platform-oncall");
    tags.put(
        "EscalationContact",
        dirty
            ? "contact Jane at +1 (201) 555-0123 or ops+p1@example.org"
            : "page the payments rotation in PagerDuty service PXYZ123");
    tags.put("PagerDutyService", "PXYZ123");
    tags.put("SlackChannel", "#payments-oncall");
    tags.put("Runbook", "https://wiki.example.com/display/PAY/Runbook");
    tags.put("Jira", "PAY-1287");
    tags.put("ChangeRequest", "CHG0034567");
    tags.put("Account", "123456789012");
    tags.put("Region", "eu-west-1");
    tags.put("VpcId", "vpc-0a1b2c3d4e5f67890");
    tags.put("SubnetIds", "subnet-04a1b2c3d4e5f6789,subnet-0f9e8d7c6b5a43210");
    tags.put("SecurityGroup", "sg-0123456789abcdef0");
    tags.put("AllowedCidr", "10.0.0.0/16");
    tags.put("Ports", "80,443,8080,8443");
    tags.put("MemorySize", "512MB");
    tags.put(
        "KmsKey", "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    tags.put("TraceId", "3f2a8c1e-5b7d-4e9a-8c3f-1a2b3c4d5e6f");
    tags.put(
        "ImageDigest", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    tags.put("ExpiresAt", "1735689600");
    tags.put("RefundTestCard", dirty ? "4111 1111 1111 1111" : "stripe-test-mode");
    tags.put("PayoutAccount", dirty ? "DE89 3704 0044 0532 0130 00" : "acct_1Nv0FGQ9RKHgCVdK");
    tags.put(dirty ? "requested-by-j.smith@example.org" : "requested-by-payments-team", "true");
    tags.put("Tier", "Tier1");
    tags.put("SLA", "99.95");
    if (tags.size() != 50) {
      throw new IllegalStateException("expected 50 tags, have " + tags.size());
    }
    List<String> fields = new ArrayList<>(tags.keySet());
    fields.addAll(tags.values());
    fields.add(
        "Handles Stripe webhooks for EU customers; escalate to the on-call lead at "
            + (dirty ? "020 7946 0321" : "#payments-oncall")
            + " (build 2024.11.27.3, commit 9fceb02, 512 MB)");
    fields.add("payments-api-prod-handler");
    return List.copyOf(fields);
  }
}
