package realizar.templates.jinja;

import static realizar.templates.jinja.PyValues.str;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Filters whose Jinja2 / Hugging Face behaviour differs from Jinjava's, with the Jinja2 names. */
final class HfFilters {
    private HfFilters() {
    }

    static List<Filter> all() {
        return List.of(new ToJson(), new Items(), new Indent(), new Trim(), new Reversed(), new Slice());
    }

    /** Base: takes positional and named arguments as Jinja2 passes them. */
    private abstract static class PyFilter implements Filter {
        @Override
        public final Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, (Object[]) args, Map.of());
        }

        @Override
        public abstract Object filter(Object var, JinjavaInterpreter interpreter, Object[] args,
                                      Map<String, Object> kwargs);

        static Object arg(Object[] args, Map<String, Object> kwargs, int position, String name, Object fallback) {
            if (kwargs.containsKey(name)) {
                return PyValues.unwrap(kwargs.get(name));
            }
            return position < args.length ? PyValues.unwrap(args[position]) : fallback;
        }

        static boolean truthy(Object value) {
            return switch (PyValues.unwrap(value)) {
                case null -> false;
                case Boolean b -> b;
                case Number n -> n.doubleValue() != 0;
                case String s -> !s.isEmpty() && !"false".equalsIgnoreCase(s);
                default -> true;
            };
        }
    }

    /** HF's {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
    static final class ToJson extends PyFilter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indentArg = arg(args, kwargs, 0, "indent", null);
            Integer indent = indentArg == null ? null : PyValues.toInt(indentArg, 0);
            boolean ensureAscii = truthy(arg(args, kwargs, 1, "ensure_ascii", false));
            Object separators = arg(args, kwargs, 2, "separators", null);
            boolean sortKeys = truthy(arg(args, kwargs, 3, "sort_keys", false));
            if (separators instanceof List<?> pair && pair.size() == 2) {
                return PyJson.dumps(var, indent, str(pair.get(0)), str(pair.get(1)), ensureAscii, sortKeys);
            }
            return PyJson.dumps(var, indent, ensureAscii, sortKeys);
        }
    }

    /** Jinja2's {@code items}: a mapping's (key, value) pairs; nothing for undefined. */
    static final class Items extends PyFilter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object v = PyValues.unwrap(var);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("TypeError: items filter needs a mapping, got "
                        + v.getClass().getSimpleName());
            }
            List<Map.Entry<Object, Object>> entries = new ArrayList<>();
            map.forEach((k, value) -> entries.add(new SimpleImmutableEntry<>(k, value)));
            return entries;
        }
    }

    /** Jinja2 3.1's {@code indent(width=4, first=False, blank=False)}. */
    static final class Indent extends PyFilter {
        @Override
        public String getName() {
            return "indent";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object width = arg(args, kwargs, 0, "width", 4L);
            String indention = width instanceof String w ? w : " ".repeat(PyValues.toInt(width, 4));
            boolean first = truthy(arg(args, kwargs, 1, "first", false));
            boolean blank = truthy(arg(args, kwargs, 2, "blank", false));
            String s = str(var) + "\n"; // Jinja2 appends a newline so that splitlines keeps a trailing empty line
            List<String> lines = splitLines(s);
            StringBuilder rv = new StringBuilder();
            if (blank) {
                rv.append(String.join("\n" + indention, lines));
            } else {
                rv.append(lines.getFirst());
                for (String line : lines.subList(1, lines.size())) {
                    rv.append('\n');
                    if (!line.isEmpty()) {
                        rv.append(indention).append(line);
                    }
                }
            }
            return first ? indention + rv : rv.toString();
        }

        /** Python's {@code str.splitlines()}. */
        static List<String> splitLines(String s) {
            List<String> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e
                        || c == 0x85 || c == 0x2028 || c == 0x2029) {
                    lines.add(s.substring(start, i));
                    if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    start = i + 1;
                }
            }
            if (start < s.length()) {
                lines.add(s.substring(start));
            }
            return lines;
        }
    }

    /** Jinja2's {@code trim(chars=None)}: Python's {@code str.strip}. */
    static final class Trim extends PyFilter {
        @Override
        public String getName() {
            return "trim";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            String s = str(var);
            return s == null ? "" : PyStrings.strip(s, str(arg(args, kwargs, 0, "chars", null)), true, true);
        }
    }

    /** {@code x[::-1]}, written {@code x|py_reversed} by {@link TemplatePreprocessor}. */
    static final class Reversed extends PyFilter {
        @Override
        public String getName() {
            return "py_reversed";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            return Slice.slice(PyValues.unwrap(var), null, null, -1);
        }
    }

    /** {@code x[a:b:c]} with a step, written {@code x|py_slice(a, b, c)} by {@link TemplatePreprocessor}. */
    static final class Slice extends PyFilter {
        @Override
        public String getName() {
            return "py_slice";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            return slice(PyValues.unwrap(var), boxed(args, 0), boxed(args, 1), boxed(args, 2) == null ? 1 : boxed(args, 2));
        }

        private static Integer boxed(Object[] args, int i) {
            return i < args.length && PyValues.unwrap(args[i]) != null ? PyValues.toInt(args[i], 0) : null;
        }

        static Object slice(Object value, Integer start, Integer stop, int step) {
            List<Object> items = new ArrayList<>();
            if (value instanceof String s) {
                s.codePoints().forEach(cp -> items.add(Character.toString(cp)));
            } else if (value instanceof Iterable<?> it) {
                it.forEach(items::add);
            } else if (value == null) {
                return List.of();
            } else {
                throw new IllegalArgumentException("TypeError: cannot slice " + value.getClass().getSimpleName());
            }
            int n = items.size();
            List<Object> out = new ArrayList<>();
            if (step > 0) {
                int from = bound(start, n, 0, 0, n);
                int to = bound(stop, n, n, 0, n);
                for (int i = from; i < to; i += step) {
                    out.add(items.get(i));
                }
            } else {
                int from = bound(start, n, n - 1, -1, n - 1);
                int to = bound(stop, n, -1, -1, n - 1);
                for (int i = from; i > to; i += step) {
                    out.add(items.get(i));
                }
            }
            if (value instanceof String) {
                StringBuilder sb = new StringBuilder();
                out.forEach(sb::append);
                return sb.toString();
            }
            return Collections.unmodifiableList(out);
        }

        // Python's slice.indices(): negative counts from the end, then clamp.
        private static int bound(Integer index, int n, int fallback, int low, int high) {
            if (index == null) {
                return fallback;
            }
            int i = index < 0 ? index + n : index;
            return Math.max(low, Math.min(high, i));
        }
    }
}
