package realizar.templates.jinja.el;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.time.LocalDateTime;

/**
 * The global functions Hugging Face {@code apply_chat_template} gives templates. Jinjava calls them by reflection,
 * which is why this package alone is exported, and only to {@code jinjava}.
 */
public final class HfFunctions {
    /** Context variable holding the {@link LocalDateTime} that {@code strftime_now} reads. */
    public static final String NOW_VARIABLE = "__realizar_now";

    private HfFunctions() {
    }

    /** {@code raise_exception(message)}: the template refuses the input. */
    public static Object raiseException(Object message) {
        throw new TemplateRaisedException(String.valueOf(message));
    }

    /** {@code strftime_now(format)}: the clock of this render, formatted as Python's {@code strftime} does. */
    public static String strftimeNow(String format) {
        Object now = JinjavaInterpreter.getCurrent() == null ? null
                : JinjavaInterpreter.getCurrent().getContext().get(NOW_VARIABLE);
        LocalDateTime time = now instanceof LocalDateTime t ? t : LocalDateTime.now();
        return Strftime.format(time, format);
    }
}
