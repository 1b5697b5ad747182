package realizar.templates.tools;

import java.util.ArrayList;
import java.util.List;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolEvent;

/** Runs a parser over chunks and normalises the events (adjacent text and adjacent argument pieces merged). */
final class ParserRuns {
    private ParserRuns() {
    }

    static List<ToolEvent> run(ToolCallParser parser, List<String> chunks) {
        List<ToolEvent> events = new ArrayList<>();
        for (String chunk : chunks) {
            parser.feed(chunk, events::add);
        }
        parser.finish(events::add);
        return merge(events);
    }

    static List<ToolEvent> merge(List<ToolEvent> events) {
        List<ToolEvent> out = new ArrayList<>();
        for (ToolEvent e : events) {
            ToolEvent last = out.isEmpty() ? null : out.getLast();
            if (e instanceof ToolEvent.Text t && last instanceof ToolEvent.Text l) {
                out.set(out.size() - 1, new ToolEvent.Text(l.text() + t.text()));
            } else if (e instanceof ToolEvent.ArgumentsDelta d && last instanceof ToolEvent.ArgumentsDelta l
                    && l.index() == d.index()) {
                out.set(out.size() - 1, new ToolEvent.ArgumentsDelta(d.index(), l.delta() + d.delta()));
            } else if (e instanceof ToolEvent.Text t && t.text().isEmpty()) {
                continue;
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** Deterministic ids for tests: call0, call1, ... */
    static String id(int index) {
        return "call" + index;
    }
}
