package realizar.templates.tools;

import java.util.List;
import realizar.api.chat.ToolSpec;
import realizar.templates.jinja.PyJson;
import realizar.templates.jinja.TemplateValues;

/** The tools as the OpenAI JSON objects, one line each, for the formats' descriptions. */
final class ToolDescriptions {
    private ToolDescriptions() {
    }

    static String jsonLines(List<ToolSpec> tools) {
        StringBuilder out = new StringBuilder();
        for (Object tool : TemplateValues.tools(tools)) {
            out.append(PyJson.dumps(tool)).append('\n');
        }
        return out.toString();
    }

    static String jsonArray(List<ToolSpec> tools) {
        return PyJson.dumps(TemplateValues.tools(tools));
    }
}
