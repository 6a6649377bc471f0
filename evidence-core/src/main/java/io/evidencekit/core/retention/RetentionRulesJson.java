package io.evidencekit.core.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evidencekit.api.ErrorCode;
import io.evidencekit.api.EvidenceException;
import io.evidencekit.api.retention.RetentionAction;
import io.evidencekit.api.retention.RetentionCategory;
import io.evidencekit.api.retention.RetentionEvent;
import io.evidencekit.api.retention.RetentionRule;
import io.evidencekit.api.retention.RetentionRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads retention rules from JSON (the format of {@code default-rules.json}, shipped as the defaults a
 * force must confirm). Every problem is a {@code CONFIGURATION} failure naming where it is. Stateless.
 */
public final class RetentionRulesJson {
  private static final String DEFAULTS = "/io/evidencekit/core/retention/default-rules.json";

  private RetentionRulesJson() {}

  /** The shipped defaults (MOPI groups 1-4, the CPIA floor, community submissions not relevant). */
  public static RetentionRules defaults() {
    try (InputStream in = RetentionRulesJson.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new EvidenceException(ErrorCode.INTERNAL, "the default retention rules are missing from the jar");
      }
      return parse(new ObjectMapper().readTree(in), "default rules");
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.INTERNAL, "the default retention rules cannot be read", e);
    }
  }

  /** Rules from a file a force edits. */
  public static RetentionRules read(Path file) {
    try {
      return parse(new ObjectMapper().readTree(Files.readAllBytes(file)), file.getFileName().toString());
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "cannot read the retention rules file " + file.getFileName()
          + ": " + e.getClass().getSimpleName());
    }
  }

  /** Rules from JSON text. */
  public static RetentionRules parse(String json) {
    try {
      return parse(new ObjectMapper().readTree(json), "rules");
    } catch (IOException e) {
      throw new EvidenceException(ErrorCode.CONFIGURATION, "the retention rules are not valid JSON");
    }
  }

  private static RetentionRules parse(JsonNode root, String where) {
    try {
      String version = text(root, "version", where);
      Optional<RetentionRule> floor = Optional.empty();
      JsonNode cpia = root.get("cpiaFloor");
      if (cpia != null && !cpia.isNull()) {
        floor = Optional.of(RetentionRule.cpiaFloor(text(cpia, "name", where + " cpiaFloor"),
            period(text(cpia, "afterConviction", where + " cpiaFloor"), where)));
      }
      List<RetentionCategory> categories = new ArrayList<>();
      JsonNode list = root.get("categories");
      if (list == null || !list.isArray()) {
        throw config(where + ": \"categories\" must be a list");
      }
      for (JsonNode c : list) {
        String name = text(c, "name", where + " category");
        String at = where + " category " + name;
        List<RetentionRule> rules = new ArrayList<>();
        JsonNode ruleList = c.get("rules");
        if (ruleList == null || !ruleList.isArray()) {
          throw config(at + ": \"rules\" must be a list");
        }
        for (JsonNode r : ruleList) {
          String ruleName = text(r, "name", at + " rule");
          String ra = at + " rule " + ruleName;
          Set<RetentionEvent> triggers = EnumSet.noneOf(RetentionEvent.class);
          JsonNode after = r.get("after");
          if (after == null || !after.isArray()) {
            throw config(ra + ": \"after\" must be a list of events");
          }
          for (JsonNode t : after) {
            triggers.add(enumOf(RetentionEvent.class, t.asText(), ra));
          }
          rules.add(new RetentionRule(ruleName, RetentionRule.Kind.AFTER_LATEST, triggers, period(text(r, "period", ra), ra),
              enumOf(RetentionAction.class, text(r, "action", ra), ra)));
        }
        JsonNode cf = c.get("cpiaFloor");
        categories.add(new RetentionCategory(name, text(c, "description", at), rules, cf != null && cf.asBoolean()));
      }
      return new RetentionRules(version, categories, floor);
    } catch (EvidenceException e) {
      if (e.code() == ErrorCode.CONFIGURATION) {
        throw e;
      }
      throw new EvidenceException(ErrorCode.CONFIGURATION, where + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw config(where + ": \"" + field + "\" is required");
    }
    return v.asText();
  }

  private static Period period(String text, String where) {
    try {
      return Period.parse(text);
    } catch (DateTimeParseException e) {
      throw config(where + ": \"" + text + "\" is not an ISO-8601 period such as P6Y or P31D");
    }
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String text, String where) {
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw config(where + ": unknown " + type.getSimpleName() + " \"" + text + "\"");
    }
  }

  private static EvidenceException config(String message) {
    return new EvidenceException(ErrorCode.CONFIGURATION, message);
  }
}
