package realizar.templates;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * The clock behind {@code strftime_now} and dated system prompts. The system property {@code REALIZAR_NOW}, else
 * the environment variable of that name, fixes it (ISO-8601 local date-time, {@code 2025-12-31T23:59:59}) so that
 * prompts are reproducible; otherwise it is the local time.
 */
public final class RenderClock {
    /** The name of the system property and of the environment variable. */
    public static final String VARIABLE = "REALIZAR_NOW";

    private RenderClock() {
    }

    public static LocalDateTime now() {
        String fixed = System.getProperty(VARIABLE);
        String origin = "system property";
        if (fixed == null || fixed.isBlank()) {
            fixed = System.getenv(VARIABLE);
            origin = "environment variable";
        }
        if (fixed == null || fixed.isBlank()) {
            return LocalDateTime.now();
        }
        try {
            return LocalDateTime.parse(fixed.trim());
        } catch (DateTimeParseException e) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, origin + " " + VARIABLE + "='" + fixed
                    + "' is not an ISO-8601 local date-time like 2025-12-31T23:59:59 (error at index "
                    + e.getErrorIndex() + ")");
        }
    }
}
