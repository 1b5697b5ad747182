package realizar.server;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads typed, range-checked fields from a request body; every failure names the field. */
final class JsonFields {
    private final JsonNode body;

    JsonFields(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.badField(null, "the request body must be a JSON object");
        }
        this.body = body;
    }

    String requiredString(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw ApiError.badField(field, "'" + field + "' is required");
        }
        if (!n.isTextual()) {
            throw ApiError.badField(field, "'" + field + "' must be a string");
        }
        return n.asText();
    }

    long integer(String field, long fallback, long min, long max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ApiError.badField(field, "'" + field + "' must be an integer");
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw ApiError.badField(field, "'" + field + "' must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    double number(String field, double fallback, double min, double max, boolean minExclusive) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw ApiError.badField(field, "'" + field + "' must be a number");
        }
        double v = n.asDouble();
        if (!Double.isFinite(v) || v < min || (minExclusive && v == min) || v > max) {
            throw ApiError.badField(field, "'" + field + "' must be " + (minExclusive ? "> " : ">= ") + min + " and <= " + max + ", got " + v);
        }
        return v;
    }
}
