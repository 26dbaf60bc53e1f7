package io.lambdaguard.strip.detector;

import io.lambdaguard.personaldata.Finding;
import io.lambdaguard.personaldata.PersonalDataDetector;
import io.lambdaguard.personaldata.PersonalDataKind;
import io.lambdaguard.personaldata.RuleBasedDetector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.comprehend.ComprehendClient;
import software.amazon.awssdk.services.comprehend.model.DetectPiiEntitiesResponse;
import software.amazon.awssdk.services.comprehend.model.LanguageCode;
import software.amazon.awssdk.services.comprehend.model.PiiEntity;
import software.amazon.awssdk.services.comprehend.model.PiiEntityType;

/**
 * Person names and postal addresses, found by Amazon Comprehend {@code DetectPiiEntities}: what
 * patterns cannot find.
 *
 * <p>Batched: {@link #prefetch(Collection)} sends all strings of one function in one call, joined
 * by a blank line, and keeps each string's findings; {@link #detect(String)} then only answers from
 * what the last prefetch kept, and reports nothing for any other string. Entity types the {@link
 * RuleBasedDetector} covers (e-mail, phone, card, bank account, SSN ...) and every other type are
 * ignored, so that findings are not reported twice and a date or a URL is not taken for personal
 * data.
 *
 * <p>Never blocking: a failed call (timeout, throttling, access denied, a server error) logs one
 * warning naming the exception class only, and its strings have no Comprehend findings; the
 * rule-based findings still apply.
 */
public final class ComprehendDetector implements PersonalDataDetector {
  /** The IAM action the call needs; it supports no resource-level permissions. */
  public static final Set<String> PERMISSIONS = Set.of("comprehend:DetectPiiEntities");

  /**
   * Comprehend accepts 100 KB of UTF-8; a little below, so the limit never depends on how a KB is
   * counted.
   */
  static final int MAX_TEXT_BYTES = 100_000;

  /**
   * A blank line: entities do not run across it, and each string keeps its own sentence context.
   */
  static final String SEPARATOR = "\n\n";

  private static final Logger LOG = LogManager.getLogger(ComprehendDetector.class);

  private static final Map<PiiEntityType, PersonalDataKind> KINDS =
      Map.of(
          PiiEntityType.NAME,
          PersonalDataKind.PERSON_NAME,
          PiiEntityType.ADDRESS,
          PersonalDataKind.POSTAL_ADDRESS);

  private final ComprehendClient client;
  private final double minScore;

  /**
   * The current function's strings and their findings; replaced whole, so it never outgrows one
   * function.
   */
  private volatile Map<String, List<Finding>> known = Map.of();

  /** {@code minScore}: the lowest confidence, 0 to 1, an entity needs to count. */
  public ComprehendDetector(ComprehendClient client, double minScore) {
    this.client = Objects.requireNonNull(client, "client");
    this.minScore = minScore;
  }

  /**
   * Looks at {@code texts} in at most one call: strings the previous prefetch already saw are not
   * sent again, so a re-read of the same function costs no call. Afterwards {@link #detect(String)}
   * knows exactly these strings.
   */
  public void prefetch(Collection<String> texts) {
    Map<String, List<Finding>> previous = known;
    Map<String, List<Finding>> next = new HashMap<>();
    List<String> unseen = new ArrayList<>();
    for (String text : texts) {
      if (text.isBlank() || next.containsKey(text) || unseen.contains(text)) {
        continue;
      }
      List<Finding> seen = previous.get(text);
      if (seen != null) {
        next.put(text, seen);
      } else {
        unseen.add(text);
      }
    }
    if (!unseen.isEmpty()) {
      next.putAll(call(unseen));
    }
    known = Map.copyOf(next);
  }

  @Override
  public List<Finding> detect(String text) {
    Objects.requireNonNull(text, "text");
    return known.getOrDefault(text, List.of());
  }

  /** Every text maps to its findings; texts that were not sent or whose call failed map to none. */
  private Map<String, List<Finding>> call(List<String> texts) {
    Map<String, List<Finding>> found = new HashMap<>();
    texts.forEach(text -> found.put(text, new ArrayList<>()));
    var joined = new StringBuilder();
    // Code-point offsets of each sent text in the joined text: Comprehend counts code points, not
    // UTF-16 units.
    List<Integer> starts = new ArrayList<>();
    int bytes = 0;
    int position = 0;
    int sent = 0;
    for (String text : texts) {
      int size =
          text.getBytes(StandardCharsets.UTF_8).length + (sent == 0 ? 0 : SEPARATOR.length());
      if (bytes + size > MAX_TEXT_BYTES) {
        break;
      }
      if (sent > 0) {
        joined.append(SEPARATOR);
        position += SEPARATOR.length();
      }
      starts.add(position);
      joined.append(text);
      position += text.codePointCount(0, text.length());
      bytes += size;
      sent++;
    }
    if (sent < texts.size()) {
      LOG.warn(
          "Comprehend's size limit leaves {} of {} strings to the rule-based detector alone",
          texts.size() - sent,
          texts.size());
    }
    if (sent == 0) {
      return freeze(found);
    }
    DetectPiiEntitiesResponse response;
    try {
      response =
          client.detectPiiEntities(r -> r.text(joined.toString()).languageCode(LanguageCode.EN));
    } catch (RuntimeException e) {
      // The class only: a service error's message may quote the text it was given.
      LOG.warn(
          "Comprehend DetectPiiEntities failed, rule-based findings only: {}",
          e.getClass().getSimpleName());
      return freeze(found);
    }
    for (PiiEntity entity : response.entities()) {
      PersonalDataKind kind = KINDS.get(entity.type());
      if (kind == null
          || entity.score() == null
          || entity.score() < minScore
          || entity.beginOffset() == null
          || entity.endOffset() == null) {
        continue;
      }
      for (int i = 0; i < sent; i++) {
        String text = texts.get(i);
        int start = starts.get(i);
        int end = start + text.codePointCount(0, text.length());
        // Clipped to each text it touches, should an entity ever run across a separator.
        int from = Math.max(entity.beginOffset(), start);
        int to = Math.min(entity.endOffset(), end);
        if (from < to) {
          found
              .get(text)
              .add(
                  new Finding(
                      kind,
                      text.offsetByCodePoints(0, from - start),
                      text.offsetByCodePoints(0, to - start)));
        }
      }
    }
    return freeze(found);
  }

  private static Map<String, List<Finding>> freeze(Map<String, List<Finding>> found) {
    Map<String, List<Finding>> frozen = new HashMap<>();
    found.forEach(
        (text, findings) ->
            frozen.put(
                text,
                findings.stream()
                    .distinct()
                    .sorted(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end))
                    .toList()));
    return frozen;
  }
}
