package io.lambdaguard.strip;

import io.lambdaguard.lambda.FunctionSnapshot;
import io.lambdaguard.personaldata.FunctionNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every string the personal-data rules pass to the detector for one function, exactly as they pass
 * it.
 */
public final class PersonalDataStrings {
  private PersonalDataStrings() {}

  /**
   * Tag keys and values ({@code aws:} tags aside), the description and the name as the name rule
   * reads it.
   */
  public static List<String> of(FunctionSnapshot function) {
    List<String> strings = new ArrayList<>();
    for (Map.Entry<String, String> tag : new TreeMap<>(function.tags()).entrySet()) {
      if (!TagsHoldNoPersonalData.isAwsTag(tag.getKey())) {
        strings.add(tag.getKey());
        strings.add(tag.getValue());
      }
    }
    strings.add(function.description());
    strings.add(FunctionNames.spaced(function.name()));
    return strings;
  }
}
