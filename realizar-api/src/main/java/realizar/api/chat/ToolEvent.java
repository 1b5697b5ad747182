package realizar.api.chat;

/** What a {@link ToolCallParser} reports while reading model output. */
public sealed interface ToolEvent {
    /** Plain text meant for the user. */
    record Text(String text) implements ToolEvent {
    }

    /** A tool call begins; {@code index} counts calls in this turn from 0. */
    record CallStart(int index, String id, String name) implements ToolEvent {
    }

    /** More of the arguments JSON of call {@code index}. */
    record ArgumentsDelta(int index, String delta) implements ToolEvent {
    }

    /** Call {@code index} is complete. */
    record CallEnd(int index) implements ToolEvent {
    }

    /** Output that looked like a call but could not be parsed; the text stream goes on after it. */
    record Error(String message, String raw) implements ToolEvent {
    }
}
