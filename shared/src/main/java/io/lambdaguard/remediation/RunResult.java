package io.lambdaguard.remediation;

import io.lambdaguard.tickets.TicketRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The outcomes of one event: what the handler returns and the local replay shows.
 *
 * @param eventId CloudTrail event id (empty for unparseable input)
 * @param eventName recorded event name (empty for unparseable input)
 * @param outcomes one per rule and function, or one explaining why nothing ran
 */
public record RunResult(String eventId, String eventName, List<Outcome> outcomes) {

  public RunResult {
    outcomes = List.copyOf(outcomes);
  }

  /**
   * {@code
   * {"eventId":..,"eventName":..,"outcomes":[{"rule":..,"function":..,"outcome":..,"code":..,"reason":..,
   * "ticket":"queued|opened|duplicate|none","tickets":[{"subject":..,"state":..,"sink":..,"id":..}]}]}};
   * {@code tickets} only when there are some.
   */
  public byte[] toJson() {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("eventId").writeValue(eventId);
    json.writeFieldName("eventName").writeValue(eventName);
    json.writeFieldName("outcomes").writeStartArray();
    for (Outcome o : outcomes) {
      json.writeStartObject();
      json.writeFieldName("rule").writeValue(o.rule());
      json.writeFieldName("function").writeValue(o.function());
      json.writeFieldName("outcome").writeValue(o.status().label());
      json.writeFieldName("code").writeValue(o.code());
      json.writeFieldName("reason").writeValue(o.reason());
      json.writeFieldName("ticket").writeValue(o.ticketSummary());
      if (!o.tickets().isEmpty()) {
        json.writeFieldName("tickets").writeStartArray();
        for (TicketRef t : o.tickets()) {
          json.writeStartObject();
          json.writeFieldName("subject").writeValue(t.subject());
          json.writeFieldName("state").writeValue(t.state().label());
          json.writeFieldName("sink").writeValue(t.sink());
          json.writeFieldName("id").writeValue(t.ticketId());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
    return json.getBytes();
  }

  @Override
  public String toString() {
    return new String(toJson(), StandardCharsets.UTF_8);
  }
}
