package io.lambdaguard.personaldata;

import static io.lambdaguard.personaldata.PersonalDataKind.EMAIL;
import static io.lambdaguard.personaldata.PersonalDataKind.PHONE_NUMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeDetectorTest {

  @Test
  void severalDetectors_shouldReportTheDistinctUnionInTextOrder() {
    PersonalDataDetector late =
        text -> List.of(new Finding(PHONE_NUMBER, 10, 20), new Finding(EMAIL, 0, 5));
    PersonalDataDetector early =
        text -> List.of(new Finding(EMAIL, 0, 5), new Finding(EMAIL, 2, 8));
    assertEquals(
        List.of(
            new Finding(EMAIL, 0, 5), new Finding(EMAIL, 2, 8), new Finding(PHONE_NUMBER, 10, 20)),
        CompositeDetector.of(late, early).detect("irrelevant text here"));
  }

  @Test
  void ruleBasedDetectorInComposite_shouldFindWhatItFindsAlone() {
    var rules = RuleBasedDetector.withDefaultPhoneRegions();
    String text = "owner jane.doe@example.com, on call +44 20 7946 0958";
    assertEquals(
        rules.detect(text), CompositeDetector.of(rules, ignored -> List.of()).detect(text));
  }

  @Test
  void noDetectors_shouldBeRejected() {
    assertThrows(IllegalArgumentException.class, CompositeDetector::of);
  }

  @Test
  void nullText_shouldBeRejected() {
    assertThrows(
        NullPointerException.class, () -> CompositeDetector.of(text -> List.of()).detect(null));
  }
}
