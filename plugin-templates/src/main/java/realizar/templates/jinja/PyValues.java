package realizar.templates.jinja;

import com.hubspot.jinjava.interpret.NullValue;
import com.hubspot.jinjava.objects.SafeString;

/** Conversions between Jinjava's runtime values and the plain Java values the Python semantics are written for. */
final class PyValues {
    private PyValues() {
    }

    /** Jinjava's wrappers to plain values: {@link SafeString} to {@link String}, {@link NullValue} to null. */
    static Object unwrap(Object value) {
        if (value instanceof SafeString s) {
            return s.toString();
        }
        if (value instanceof NullValue) {
            return null;
        }
        return value;
    }

    /** The value as a string, for methods that take strings; null stays null. */
    static String str(Object value) {
        Object v = unwrap(value);
        return v == null ? null : v.toString();
    }

    /** An integer argument (EL numbers arrive as Long, Double or String). */
    static int toInt(Object value, int fallback) {
        Object v = unwrap(value);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        return Integer.parseInt(v.toString().trim());
    }
}
