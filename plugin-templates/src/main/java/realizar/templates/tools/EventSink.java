package realizar.templates.tools;

import java.util.function.Consumer;
import realizar.api.chat.ToolEvent;

/** Collects a parser's output for one feed: adjacent text and adjacent argument pieces of one call become one event. */
final class EventSink {
    private final Consumer<ToolEvent> events;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder arguments = new StringBuilder();
    private int argumentsIndex = -1;

    EventSink(Consumer<ToolEvent> events) {
        this.events = events;
    }

    void text(CharSequence s) {
        if (!s.isEmpty()) {
            flushArguments();
            text.append(s);
        }
    }

    void arguments(int index, CharSequence delta) {
        if (delta.isEmpty()) {
            return;
        }
        flushText();
        if (argumentsIndex != index) {
            flushArguments();
        }
        argumentsIndex = index;
        arguments.append(delta);
    }

    void event(ToolEvent event) {
        flush();
        events.accept(event);
    }

    void flush() {
        flushText();
        flushArguments();
    }

    private void flushText() {
        if (!text.isEmpty()) {
            events.accept(new ToolEvent.Text(text.toString()));
            text.setLength(0);
        }
    }

    private void flushArguments() {
        if (!arguments.isEmpty()) {
            events.accept(new ToolEvent.ArgumentsDelta(argumentsIndex, arguments.toString()));
            arguments.setLength(0);
        }
    }
}
