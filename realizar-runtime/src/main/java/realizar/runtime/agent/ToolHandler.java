package realizar.runtime.agent;

import realizar.api.chat.ToolCall;

/** Runs one tool call and returns its result (usually JSON) for the model. Thrown exceptions go back to the model. */
@FunctionalInterface
public interface ToolHandler {
    String call(ToolCall call) throws Exception;
}
