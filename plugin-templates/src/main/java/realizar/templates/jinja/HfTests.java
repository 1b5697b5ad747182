package realizar.templates.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.util.List;
import java.util.Map;

/** Jinja2 tests where Jinjava's differ. Jinjava has one null for Python's None and Jinja2's Undefined. */
final class HfTests {
    private HfTests() {
    }

    static List<ExpTest> all() {
        return List.of(new Iterable(), new StringTest(), new Mapping());
    }

    /** Jinja2's Undefined is iterable (empty), so a template's {@code x.type is iterable} is true for a missing key. */
    static final class Iterable implements ExpTest {
        @Override
        public String getName() {
            return "iterable";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            Object v = PyValues.unwrap(var);
            return v == null || v instanceof String || v instanceof java.lang.Iterable<?> || v instanceof Map<?, ?>
                    || v.getClass().isArray();
        }
    }

    static final class StringTest implements ExpTest {
        @Override
        public String getName() {
            return "string";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return PyValues.unwrap(var) instanceof String;
        }
    }

    static final class Mapping implements ExpTest {
        @Override
        public String getName() {
            return "mapping";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return PyValues.unwrap(var) instanceof Map<?, ?>;
        }
    }
}
