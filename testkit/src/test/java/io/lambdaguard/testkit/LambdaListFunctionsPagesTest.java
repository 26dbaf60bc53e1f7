package io.lambdaguard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;

/**
 * Patch lambda_list_functions_pages: ListFunctions returns 50 functions per call at most, with a
 * NextMarker.
 */
class LambdaListFunctionsPagesTest extends MotoTest {

  private static Set<String> created(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> aws.createFunction("fn-" + i).functionName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void listFunctions_shouldReturnFiftyPerPageWithANextMarker_evenWhenAskedForMore() {
    created(60);

    ListFunctionsResponse first = aws.lambda.listFunctions(list -> list.maxItems(1000));
    ListFunctionsResponse second =
        aws.lambda.listFunctions(list -> list.marker(first.nextMarker()));

    assertEquals(50, first.functions().size());
    assertEquals(10, second.functions().size());
    assertNull(second.nextMarker());
  }

  @Test
  void paginator_shouldListEveryFunctionExactlyOnce() {
    Set<String> names = created(105);

    List<String> listed =
        aws.lambda.listFunctionsPaginator(list -> {}).functions().stream()
            .map(FunctionConfiguration::functionName)
            .toList();

    assertEquals(105, listed.size());
    assertEquals(names, new TreeSet<>(listed));
    assertEquals(
        3,
        moto.calls("lambda").stream().filter(c -> c.operation().equals("ListFunctions")).count(),
        "calls");
  }

  @Test
  void maxItems_shouldBoundThePage() {
    created(5);

    ListFunctionsResponse page = aws.lambda.listFunctions(list -> list.maxItems(2));

    assertEquals(2, page.functions().size());
    assertEquals(
        3, aws.lambda.listFunctions(list -> list.marker(page.nextMarker())).functions().size());
  }

  @Test
  void markerNotIssuedByLambda_shouldFailWithInvalidParameterValue() {
    assertThrows(
        InvalidParameterValueException.class,
        () -> aws.lambda.listFunctions(list -> list.marker("made-up")));
  }
}
