package io.lambdaguard.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void oddCount_medianIsTheMiddleValue() {
    // given
    List<Double> values = List.of(9.0, 1.0, 5.0);

    // when
    Stats stats = Stats.of(values);

    // then
    assertEquals(new Stats(3, 1.0, 5.0, 9.0, 9.0), stats);
  }

  @Test
  void evenCount_medianIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Stats.of(List.of(4, 1, 3, 2)).median());
  }

  @Test
  void twoHundredValues_p99IsTheThirdLargestByNearestRank() {
    // given
    List<Integer> values = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      values.add(i);
    }

    // when
    Stats stats = Stats.of(values);

    // then: rank ceil(0.99 * 200) = 198
    assertEquals(198.0, stats.p99());
    assertEquals(200.0, stats.max());
  }

  @Test
  void singleValue_isEveryStatistic() {
    assertEquals(new Stats(1, 7.0, 7.0, 7.0, 7.0), Stats.of(List.of(7.0)));
  }

  @Test
  void noValues_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
  }
}
