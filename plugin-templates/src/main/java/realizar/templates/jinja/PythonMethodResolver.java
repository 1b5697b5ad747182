package realizar.templates.jinja;

import static realizar.templates.jinja.PyValues.str;
import static realizar.templates.jinja.PyValues.toInt;

import com.hubspot.jinjava.util.ForLoop;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Resolves what Jinja2 finds on Python objects and Jinjava does not: {@code str} methods ({@code .startswith},
 * {@code .split}, ...), {@code dict} methods on any map ({@code .items()}, {@code .get(k, d)}), a dict's method named
 * by attribute without a call ({@code spec.items}, see {@link TemplatePreprocessor}), and {@code loop.previtem} /
 * {@code loop.nextitem}. Put first in Jinjava's resolver chain; everything it does not know goes on down the chain.
 */
final class PythonMethodResolver extends ELResolver {
    /** Property prefix that {@link TemplatePreprocessor} gives attribute reads of dict method names. */
    static final String METHOD_ATTRIBUTE_PREFIX = "__pyattr_";

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (property instanceof String name && name.startsWith(METHOD_ATTRIBUTE_PREFIX)) {
            // A dict's bound method: not null, which a macro parameter would read as "look in the caller's scope".
            context.setPropertyResolved(true);
            return base instanceof Map<?, ?> ? new BoundMethod(name.substring(METHOD_ATTRIBUTE_PREFIX.length())) : null;
        }
        if (base instanceof BoundMethod) {
            context.setPropertyResolved(true); // attributes of a method: undefined
            return null;
        }
        if (base instanceof ForLoop loop && ("previtem".equals(property) || "nextitem".equals(property))) {
            context.setPropertyResolved(true);
            return LoopItems.neighbour(loop, "previtem".equals(property) ? -1 : 1);
        }
        return null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(method instanceof String name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result;
        try {
            result = switch (PyValues.unwrap(base)) {
                case String s -> stringMethod(s, name, args);
                case Map<?, ?> m -> mapMethod(m, name, args);
                default -> NOT_HANDLED;
            };
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("wrong arguments for ." + name + "()", e);
        }
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NOT_HANDLED = new Object();

    /** What {@code dict.items} (no call) is in Jinja2: a method; every attribute read from it is undefined. */
    record BoundMethod(String name) {
        @Override
        public String toString() {
            return "<built-in method " + name + " of dict object>";
        }
    }

    private static Object stringMethod(String s, String name, Object[] a) {
        return switch (name) {
            case "startswith" -> anyOf(a[0], p -> s.startsWith(p));
            case "endswith" -> anyOf(a[0], p -> s.endsWith(p));
            case "strip" -> PyStrings.strip(s, a.length > 0 ? str(a[0]) : null, true, true);
            case "lstrip" -> PyStrings.strip(s, a.length > 0 ? str(a[0]) : null, true, false);
            case "rstrip" -> PyStrings.strip(s, a.length > 0 ? str(a[0]) : null, false, true);
            case "split" -> PyStrings.split(s, a.length > 0 ? str(a[0]) : null, a.length > 1 ? toInt(a[1], -1) : -1);
            case "rsplit" -> PyStrings.rsplit(s, a.length > 0 ? str(a[0]) : null, a.length > 1 ? toInt(a[1], -1) : -1);
            case "splitlines" -> s.lines().toList();
            case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> PyStrings.title(s);
            case "capitalize" -> PyStrings.capitalize(s);
            case "replace" -> PyStrings.replace(s, str(a[0]), str(a[1]), a.length > 2 ? toInt(a[2], -1) : -1);
            case "find" -> (long) s.indexOf(str(a[0]));
            case "rfind" -> (long) s.lastIndexOf(str(a[0]));
            case "count" -> (long) PyStrings.split(s, str(a[0]), -1).size() - 1;
            case "join" -> join(s, a[0]);
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(PyStrings::isSpace);
            case "islower" -> s.chars().anyMatch(Character::isLowerCase) && s.equals(s.toLowerCase(java.util.Locale.ROOT));
            case "isupper" -> s.chars().anyMatch(Character::isUpperCase) && s.equals(s.toUpperCase(java.util.Locale.ROOT));
            default -> NOT_HANDLED;
        };
    }

    private static Object mapMethod(Map<?, ?> m, String name, Object[] a) {
        return switch (name) {
            case "items" -> {
                List<Map.Entry<Object, Object>> entries = new ArrayList<>();
                m.forEach((k, v) -> entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(k, v)));
                yield entries;
            }
            case "keys" -> new ArrayList<>(m.keySet());
            case "values" -> new ArrayList<>(m.values());
            case "get" -> {
                Object key = PyValues.unwrap(a[0]);
                yield m.containsKey(key) ? m.get(key) : (a.length > 1 ? a[1] : null);
            }
            default -> NOT_HANDLED;
        };
    }

    private static boolean anyOf(Object prefixes, java.util.function.Predicate<String> test) {
        Object p = PyValues.unwrap(prefixes);
        if (p instanceof Iterable<?> it) {
            for (Object o : it) {
                if (test.test(str(o))) {
                    return true;
                }
            }
            return false;
        }
        return test.test(str(p));
    }

    private static String join(String separator, Object items) {
        StringBuilder sb = new StringBuilder();
        Iterator<?> it = items instanceof Iterable<?> iterable ? iterable.iterator() : List.of().iterator();
        while (it.hasNext()) {
            sb.append(str(it.next()));
            if (it.hasNext()) {
                sb.append(separator);
            }
        }
        return sb.toString();
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return Object.class;
    }
}
