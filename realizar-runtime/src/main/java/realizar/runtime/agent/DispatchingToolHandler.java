package realizar.runtime.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ToolCall;

/** Routes each call to the handler registered under the tool's name. Thread-safe once built. */
public final class DispatchingToolHandler implements ToolHandler {
    private final Map<String, ToolHandler> handlers = new LinkedHashMap<>();

    public synchronized DispatchingToolHandler register(String toolName, ToolHandler handler) {
        if (handlers.putIfAbsent(toolName, handler) != null) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "a handler for tool '" + toolName + "' is already registered");
        }
        return this;
    }

    public synchronized Set<String> toolNames() {
        return Set.copyOf(handlers.keySet());
    }

    @Override
    public String call(ToolCall call) throws Exception {
        ToolHandler handler;
        synchronized (this) {
            handler = handlers.get(call.name());
        }
        if (handler == null) {
            throw new RealizarException(ErrorCode.NOT_FOUND, "there is no tool named '" + call.name() + "'; tools: " + toolNames());
        }
        return handler.call(call);
    }
}
