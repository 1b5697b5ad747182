package realizar.templates.jinja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * The Jinja2 / transformers behaviours chat templates rely on, one by one. Expected values are what Python 3.11 with
 * Jinja2 3.1 prints for the same template (worked out by hand from the Python semantics).
 */
final class JinjaSemanticsTest {
    private static final LocalDateTime NOW = LocalDateTime.parse("2026-01-15T10:30:00");

    private static String render(String template, Map<String, Object> vars) {
        return JinjaRenderer.render(template, vars, NOW);
    }

    private static String render(String template) {
        return render(template, Map.of());
    }

    @Test
    void tojsonIsPythonJsonDumps() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("b", "é\"\n☕");
        data.put("a", List.of(1, 2.5, 1e16, true));
        data.put("n", null);
        data.put("e", Map.of());
        assertEquals("{\"b\": \"é\\\"\\n☕\", \"a\": [1, 2.5, 1e+16, true], \"n\": null, \"e\": {}}",
                render("{{ d|tojson }}", Map.of("d", data)));
        assertEquals("{\n  \"x\": [\n    1,\n    2\n  ]\n}", render("{{ {'x': [1, 2]}|tojson(indent=2) }}"));
        assertEquals("\"\\u00e9\"", render("{{ 'é'|tojson(ensure_ascii=true) }}"));
        assertEquals("0.0001 1e-05 100.0 -0.5", render("{{ 0.0001|tojson }} {{ 0.00001|tojson }} {{ 100.0|tojson }} "
                + "{{ -0.5|tojson }}"));
    }

    @Test
    void pythonStringMethods() {
        assertEquals("3|b|b c|", render("{{ 'a,,b'.split(',')|length }}|{{ 'a,,b'.split(',')[-1] }}|"
                + "{{ 'a b c'.split(' ', 1)[1] }}|"));
        assertEquals("x|a\n|\nb|think", render("{{ '\n\nx\n'.strip('\n') }}|{{ '\na\n'.lstrip('\n') }}|"
                + "{{ '\nb\n'.rstrip('\n') }}|{{ 'x<think>think'.split('<think>')[-1] }}"));
        assertEquals("yes no yes", render("{{ 'yes' if 'abc'.startswith('ab') else 'no' }} "
                + "{{ 'yes' if 'abc'.endswith('b') else 'no' }} {{ 'yes' if 'abc'.startswith(('x', 'a')) else 'no' }}"));
        assertEquals("['x', 'y']", render("{{ '  x \n y '.split()|tojson|replace('\"', \"'\") }}"));
        assertEquals("Hello World|ABC|abc|a-b", render("{{ 'hello wORLD'.title() }}|{{ 'abc'.upper() }}|"
                + "{{ 'ABC'.lower() }}|{{ 'a b'.replace(' ', '-') }}"));
    }

    @Test
    void slicingMembershipAndDicts() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("m", new LinkedHashMap<>(Map.of("k", "v")));
        vars.put("xs", List.of(1, 2, 3));
        assertEquals("cba|321|13", render("{{ 'abc'[::-1] }}|{% for x in xs[::-1] %}{{ x }}{% endfor %}|"
                + "{% for x in xs[::2] %}{{ x }}{% endfor %}", vars));
        assertEquals("yes yes yes no", render("{{ 'yes' if 'b' in 'abc' else 'no' }} {{ 'yes' if 'k' in m else 'no' }}"
                + " {{ 'yes' if 2 in xs else 'no' }} {{ 'yes' if 'z' in m else 'no' }}", vars));
        assertEquals("v|d|k=v;|k=v;", render("{{ m.get('k') }}|{{ m.get('z', 'd') }}|"
                + "{% for a, b in m.items() %}{{ a }}={{ b }};{% endfor %}|{% for a, b in m|items %}{{ a }}={{ b }};"
                + "{% endfor %}", vars));
        assertEquals("ok", render("{{ 'ok' if 's' is string and m is mapping and m.k is defined "
                + "and m.z is not defined else 'bad' }}", vars));
    }

    @Test
    void dictMethodNamedAsAnAttributeIsTheMethodNotTheKey() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("items", Map.of("type", "string"));
        assertEquals("undefined|string", render("{{ 'defined' if s.items.type is defined else 'undefined' }}|"
                + "{{ s['items'].type }}", Map.of("s", spec)));
    }

    @Test
    void controlFlowAndNamespace() {
        assertEquals("1,2|3", render("{% set ns = namespace(total=0) %}{% for i in [1, 2, 3, 4] %}"
                + "{% if i == 3 %}{% set ns.total = i %}{% break %}{% endif %}{% if not loop.first %},{% endif %}"
                + "{{ i }}{% endfor %}|{{ ns.total }}"));
        assertEquals("1;3", render("{% for i in [1, 2, 3] %}{% if i == 2 %}{% continue %}{% endif %}{{ i }}"
                + "{% if not loop.last %};{% endif %}{% endfor %}"));
        assertEquals("[<a>b][a<b>c][b<c>]", render("{% for x in ['a', 'b', 'c'] %}[{{ loop.previtem }}<{{ x }}>"
                + "{{ loop.nextitem }}]{% endfor %}"));
        assertEquals("2", render("{% set ns = namespace(i=xs|length - 1) %}{{ ns.i }}", Map.of("xs", List.of(1, 2, 3))));
        assertEquals("no", render("{{ 'yes' if not x is defined else 'no' }}", Map.of("x", 1)));
        assertEquals("no", render("{{ 'yes' if not 'a' in ['a'] else 'no' }}"));
        // Nemo: {% for key, val in tool.items() if key != "return" %}; loop.index counts the kept items.
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", "f");
        tool.put("return", "x");
        tool.put("description", "d");
        assertEquals("1:name=f 2:description=d ", render("{% for k, v in t.items() if k != 'return' %}"
                + "{{ loop.index }}:{{ k }}={{ v }} {% endfor %}", Map.of("t", tool)));
        assertEquals("b", render("{% for x in ('a' if false else 'b') %}{{ x }}{% endfor %}"));
    }

    @Test
    void whitespaceControlAsTransformers() {
        assertEquals("  x\nend", render("{% if true %}\n  x\n  {% endif %}\nend"));
        assertEquals("x1x2  yz", render("{#- c -#}\n{%- for m in [1, 2] %}\n    {{- 'x' ~ m }}\n{%- endfor %}\n"
                + "  {{ 'y' -}}   \n z"));
        // "-%}" before a comment strips up to the comment only; the newline after the comment goes (trim_blocks).
        assertEquals("    x", render("{%- if true -%}\n{# note #}\n    x{% endif %}"));
        assertEquals("a\nb", render("a\n  {# note #}\nb"));
        // lstrip_blocks only strips from the start of a line.
        assertEquals("a b|1 2 |x\ny|x\n  y", render("a {% if true %}b{% endif %}|{% for x in [1, 2] %}{{ x }} "
                + "{% endfor %}|x\n  {% if true %}y{% endif %}|x\n  {%+ if true %}y{% endif %}"));
    }

    @Test
    void noneIsNotIterableButUndefinedIs() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("tools", null);
        RealizarException e = assertThrows(RealizarException.class,
                () -> render("{% for t in tools %}{{ t }}{% endfor %}", vars));
        assertEquals(ErrorCode.TEMPLATE_ERROR, e.code());
        assertEquals("", render("{% for t in missing %}{{ t }}{% endfor %}"));
    }

    @Test
    void raiseExceptionCarriesTheTemplatesMessage() {
        RealizarException e = assertThrows(RealizarException.class,
                () -> render("{{ raise_exception('System role not supported') }}"));
        assertEquals(ErrorCode.TEMPLATE_ERROR, e.code());
        assertEquals("System role not supported", e.getMessage());
    }

    @Test
    void strftimeNowReadsTheRenderClock() {
        assertEquals("15 Jan 2026|2026-01-15|Thursday 10:30", render("{{ strftime_now('%d %b %Y') }}|"
                + "{{ strftime_now('%Y-%m-%d') }}|{% if strftime_now is defined %}{{ strftime_now('%A %H:%M') }}"
                + "{% endif %}"));
    }

    @Test
    void messageTextIsNeverRunAsTemplateCode() {
        assertEquals("{{ 7 * 7 }} {% if true %}x{% endif %}", render("{{ m }}",
                Map.of("m", "{{ 7 * 7 }} {% if true %}x{% endif %}")));
    }

    @Test
    void valuesPrintAsPythonStr() {
        assertEquals("True False 1.5 ['a', 1]", render("{{ true }} {{ 1 > 2 }} {{ 1.5 }} {{ ['a', 1] }}"));
    }

    @Test
    void oneTrailingNewlineOfTheSourceIsDropped() {
        assertEquals("a\n", render("a\n\n"));
    }
}
