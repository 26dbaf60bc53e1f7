package io.lambdaguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdaguard.tickets.FixStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishedVersionStepsTest {
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:invoice-mailer";

  @Test
  void subject_shouldNameTheVersionsAndGiveThemBack() {
    String subject = PublishedVersionSteps.subject(List.of("1", "2", "10"));

    assertEquals("versions 1, 2, 10", subject);
    assertEquals(List.of("1", "2", "10"), PublishedVersionSteps.numbers(subject));
  }

  @Test
  void numbers_shouldKeepOnlyVersionNumbers() {
    assertEquals(List.of("3"), PublishedVersionSteps.numbers("versions 3, $(rm -rf), live"));
  }

  @Test
  void steps_shouldFixLatestPublishMoveAliasesAndDeleteExactlyTheNamedVersions() {
    FixStep fixLatest = FixStep.of("fix $LATEST");

    List<FixStep> steps = PublishedVersionSteps.deleteAndRepublish(ARN, "versions 1, 2", fixLatest);

    assertEquals(fixLatest, steps.get(1));
    List<String> commands =
        steps.stream().filter(FixStep::hasCommand).map(FixStep::command).toList();
    assertEquals(
        "aws lambda publish-version --function-name " + ARN + " --query Version --output text",
        commands.get(0));
    assertEquals(
        "aws lambda list-aliases --function-name "
            + ARN
            + " --query \"Aliases[?FunctionVersion=='1' || FunctionVersion=='2'].Name\" --output text\n"
            + "aws lambda update-alias --function-name "
            + ARN
            + " --name <alias> --function-version <new version>",
        commands.get(1));
    assertEquals(
        "for v in 1 2; do aws lambda delete-function --function-name "
            + ARN
            + " --qualifier \"$v\"; done",
        commands.get(2));
    assertTrue(steps.getFirst().text().contains("versions 1, 2"));
  }
}
