package io.evidencekit.video.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against a schema of the OpenAPI document, for the subset of JSON Schema the document
 * uses ($ref, type, required, properties, items, enum, oneOf, allOf, pattern, lengths, minimum, maxItems).
 * Strict on purpose: a property the schema does not declare is reported, so the fake platform cannot drift
 * from the document. Not a general validator.
 */
final class SchemaCheck {
  private final JsonNode document;

  SchemaCheck(JsonNode document) {
    this.document = document;
  }

  /** The node a local reference such as {@code #/components/schemas/Consultation} points to, or null. */
  JsonNode resolve(String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    JsonNode node = document.at(ref.substring(1));
    return node.isMissingNode() ? null : node;
  }

  /** Every problem found, each as "path: what"; empty when the value conforms. */
  List<String> check(JsonNode value, String schemaRef) {
    List<String> problems = new ArrayList<>();
    check(value, resolve(schemaRef), "$", problems);
    return problems;
  }

  private void check(JsonNode value, JsonNode schema, String path, List<String> problems) {
    if (schema.has("$ref")) {
      check(value, resolve(schema.get("$ref").asText()), path, problems);
    }
    if (schema.has("allOf")) {
      for (JsonNode part : schema.get("allOf")) {
        check(value, part, path, problems);
      }
    }
    if (schema.has("oneOf")) {
      int matching = 0;
      for (JsonNode option : schema.get("oneOf")) {
        List<String> sub = new ArrayList<>();
        check(value, option, path, sub);
        matching += sub.isEmpty() ? 1 : 0;
      }
      if (matching != 1) {
        problems.add(path + ": matches " + matching + " of the oneOf options");
      }
    }
    if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
      problems.add(path + ": not of type " + schema.get("type"));
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(value);
      }
      if (!found) {
        problems.add(path + ": not one of " + schema.get("enum"));
      }
    }
    if (value.isTextual()) {
      String s = value.asText();
      if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
        problems.add(path + ": does not match " + schema.get("pattern").asText());
      }
      if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
        problems.add(path + ": shorter than " + schema.get("minLength"));
      }
      if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
        problems.add(path + ": longer than " + schema.get("maxLength"));
      }
      if ("date-time".equals(schema.path("format").asText()) && !s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)")) {
        problems.add(path + ": not an RFC 3339 date-time");
      }
    }
    if (value.isNumber() && schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
      problems.add(path + ": below " + schema.get("minimum"));
    }
    if (value.isArray()) {
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        problems.add(path + ": more than " + schema.get("maxItems") + " items");
      }
      if (schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.get("items"), path + "[" + i + "]", problems);
        }
      }
    }
    if (value.isObject() && schema.has("properties")) {
      JsonNode properties = schema.get("properties");
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          problems.add(path + ": lacks required '" + required.asText() + "'");
        }
      }
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (!properties.has(field.getKey())) {
          problems.add(path + ": '" + field.getKey() + "' is not declared");
        } else {
          check(field.getValue(), properties.get(field.getKey()), path + "." + field.getKey(), problems);
        }
      }
    }
  }

  private static boolean typeMatches(JsonNode value, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(value, t)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      case "null" -> value.isNull();
      default -> false;
    };
  }
}
