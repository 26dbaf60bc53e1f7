package io.lambdaguard.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Order statistics of one series of measurements.
 *
 * @param count how many values
 * @param min the smallest
 * @param median the middle value (the mean of the two middle ones for an even count)
 * @param p99 the 99th percentile by nearest rank: no value is invented between two measured ones
 * @param max the largest
 */
record Stats(int count, double min, double median, double p99, double max) {

  /** The statistics of {@code values}; throws for an empty series, which has none. */
  static Stats of(List<? extends Number> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = new ArrayList<>(values.size());
    values.forEach(value -> sorted.add(value.doubleValue()));
    Collections.sort(sorted);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Stats(
        n, sorted.getFirst(), median, sorted.get(nearestRank(0.99, n) - 1), sorted.getLast());
  }

  /**
   * The 1-based rank of percentile {@code p} in {@code n} sorted values: the smallest covering at
   * least p of them.
   */
  static int nearestRank(double p, int n) {
    return Math.max(1, (int) Math.ceil(p * n));
  }
}
