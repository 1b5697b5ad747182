package realizar.templates.jinja;

import com.hubspot.jinjava.util.ForLoop;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The items of the for-loops being rendered on this thread, innermost last, so that {@code loop.previtem} and
 * {@code loop.nextitem} (which Jinjava's {@link ForLoop} lacks) can be answered. Pushed and popped by
 * {@link PyForTag}; a template renders on one thread from start to end.
 */
final class LoopItems {
    private static final ThreadLocal<Deque<List<?>>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private LoopItems() {
    }

    static void push(List<?> items) {
        STACK.get().push(items == null ? List.of() : items); // ArrayDeque holds no nulls
    }

    static void pop() {
        STACK.get().pop();
    }

    /** The item {@code delta} places from the current one, or null (undefined) outside the list. */
    static Object neighbour(ForLoop loop, int delta) {
        Deque<List<?>> stack = STACK.get();
        if (stack.isEmpty()) {
            return null;
        }
        List<?> items = stack.peek();
        int at = loop.getIndex0() + delta;
        return items != null && at >= 0 && at < items.size() ? items.get(at) : null;
    }
}
