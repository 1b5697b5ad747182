package realizar.templates.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Python's {@code json.dumps(x, ensure_ascii=False, indent=indent, separators=None, sort_keys=False)}, the
 * {@code tojson} that Hugging Face {@code apply_chat_template} installs. Byte-exact for the values templates handle:
 * maps keep insertion order, floats print as Python's {@code repr} does.
 */
public final class PyJson {
    private PyJson() {
    }

    /**
     * @param indent     null for one line; otherwise the indent per level (Python then uses {@code ","} between
     *                   items)
     * @param ensureAscii escape every non-ASCII character as {@code \\uXXXX}
     * @param sortKeys    sort object keys
     */
    public static String dumps(Object value, Integer indent, boolean ensureAscii, boolean sortKeys) {
        String itemSeparator = indent == null ? ", " : ",";
        return dumps(value, indent, itemSeparator, ": ", ensureAscii, sortKeys);
    }

    public static String dumps(Object value, Integer indent, String itemSeparator, String keySeparator,
                               boolean ensureAscii, boolean sortKeys) {
        StringBuilder out = new StringBuilder();
        new Writer(indent, itemSeparator, keySeparator, ensureAscii, sortKeys, out).write(value, 0);
        return out.toString();
    }

    /** One line, Python's default separators: what {@code |tojson} without arguments prints. */
    public static String dumps(Object value) {
        return dumps(value, null, false, false);
    }

    private record Writer(Integer indent, String itemSeparator, String keySeparator, boolean ensureAscii,
                          boolean sortKeys, StringBuilder out) {
        void write(Object value, int depth) {
            Object v = PyValues.unwrap(value);
            switch (v) {
                case null -> out.append("null");
                case Boolean b -> out.append(b ? "true" : "false");
                case CharSequence s -> writeString(s.toString());
                case Character c -> writeString(c.toString());
                case Double d -> out.append(pythonFloat(d));
                case Float f -> out.append(pythonFloat(f.doubleValue()));
                case BigDecimal d -> out.append(pythonFloat(d.doubleValue()));
                case Number n when n instanceof BigInteger || n instanceof Long || n instanceof Integer
                        || n instanceof Short || n instanceof Byte -> out.append(n);
                case Number n -> out.append(pythonFloat(n.doubleValue()));
                case Map<?, ?> m -> writeMap(m, depth);
                case Iterable<?> it -> writeList(it, depth);
                case Object[] array -> writeList(java.util.Arrays.asList(array), depth);
                default -> writeString(v.toString());
            }
        }

        private void writeMap(Map<?, ?> map, int depth) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            Iterable<? extends Map.Entry<?, ?>> entries = map.entrySet();
            if (sortKeys) {
                java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
                map.forEach((k, val) -> sorted.put(String.valueOf(k), val));
                entries = sorted.entrySet();
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries) {
                if (!first) {
                    out.append(itemSeparator);
                }
                first = false;
                newline(depth + 1);
                writeString(keyText(e.getKey()));
                out.append(keySeparator);
                write(e.getValue(), depth + 1);
            }
            newline(depth);
            out.append('}');
        }

        private void writeList(Iterable<?> list, int depth) {
            if (!list.iterator().hasNext()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(itemSeparator);
                }
                first = false;
                newline(depth + 1);
                write(item, depth + 1);
            }
            newline(depth);
            out.append(']');
        }

        private void newline(int depth) {
            if (indent != null) {
                out.append('\n').append(" ".repeat(indent * depth));
            }
        }

        /** Python turns keys that are not strings into strings: {@code True} to {@code "true"}, 1 to {@code "1"}. */
        private static String keyText(Object key) {
            return switch (key) {
                case null -> "null";
                case Boolean b -> b ? "true" : "false";
                case Double d -> pythonFloat(d);
                default -> key.toString();
            };
        }

        // Python's json escapes '"', '\\' and the C0 controls; with ensure_ascii everything above 0x7f too.
        private void writeString(String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }

    /** Python's {@code float.__repr__}: shortest round-trip digits, {@code 1e+16}, {@code 1.0}, {@code NaN}. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        if (exponent >= digits.length() - 1) {
            return sign + digits + "0".repeat(exponent - digits.length() + 1) + ".0";
        }
        if (exponent >= 0) {
            return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
        }
        return sign + "0." + "0".repeat(-exponent - 1) + digits;
    }
}
