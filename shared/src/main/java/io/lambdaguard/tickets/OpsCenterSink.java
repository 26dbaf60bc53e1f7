package io.lambdaguard.tickets;

import io.lambdaguard.aws.Deadline;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.OpsItemAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.OpsItemDataType;
import software.amazon.awssdk.services.ssm.model.OpsItemDataValue;

/**
 * Tickets as Systems Manager OpsCenter OpsItems. The dedup key goes into the {@code /aws/dedup}
 * operational data, so OpsCenter itself creates no second OpsItem while one with that key is open
 * or in progress: a re-send after a crash is harmless.
 */
public final class OpsCenterSink implements TicketSink {
  /** IAM actions: CreateOpsItem supports no resource-level permissions ({@code Resource: "*"}). */
  public static final Set<String> PERMISSIONS = Set.of("ssm:CreateOpsItem");

  private static final Pattern FUNCTION_ARN =
      Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+");

  static final String SOURCE = "lambdaguard";
  static final int MAX_TITLE = 1024;
  static final int MAX_DESCRIPTION = 2048;

  private final SsmClient ssm;

  @Inject
  public OpsCenterSink(SsmClient ssm) {
    this.ssm = ssm;
  }

  @Override
  public String id() {
    return "opscenter";
  }

  @Override
  public Set<String> permissions() {
    return PERMISSIONS;
  }

  @Override
  public String open(Ticket ticket, Deadline deadline) {
    Finding finding = ticket.finding();
    Map<String, OpsItemDataValue> data = new LinkedHashMap<>();
    data.put(
        "/aws/dedup",
        searchable(json(w -> w.writeFieldName("dedupString").writeValue(ticket.dedupKey()))));
    if (finding.hasFunction() && FUNCTION_ARN.matcher(finding.functionArn()).matches()) {
      // Shows the function under "Related resources" in the OpsCenter console; a redacted label is
      // no ARN, and stays out.
      data.put(
          "/aws/resources",
          searchable(
              "[" + json(w -> w.writeFieldName("arn").writeValue(finding.functionArn())) + "]"));
    }
    data.put("lambdaguard:rule", searchable(finding.ruleId()));
    try {
      return ssm.createOpsItem(
              c ->
                  c.title(Ticket.truncate(ticket.title(), MAX_TITLE))
                      .description(Ticket.truncate(ticket.markdown(), MAX_DESCRIPTION))
                      .source(SOURCE)
                      .category("Security")
                      .severity(finding.severity().opsItemSeverity())
                      .operationalData(data))
          .opsItemId();
    } catch (OpsItemAlreadyExistsException e) {
      return e.opsItemId();
    }
  }

  private static OpsItemDataValue searchable(String value) {
    return OpsItemDataValue.builder().type(OpsItemDataType.SEARCHABLE_STRING).value(value).build();
  }

  private interface Fields {
    void write(JsonWriter json);
  }

  private static String json(Fields fields) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    fields.write(json);
    json.writeEndObject();
    return new String(json.getBytes(), StandardCharsets.UTF_8);
  }
}
