package realizar.runtime.agent;

import realizar.api.chat.ToolCall;

/** Follows an agent run as it happens (the streaming variant); every method is optional. Called on the run's thread. */
public interface AgentListener {
    AgentListener NONE = new AgentListener() {
    };

    /** Text for the user, as the model writes it. */
    default void onText(String delta) {
    }

    /** The model called a tool (arguments complete). */
    default void onToolCall(ToolCall call) {
    }

    /** A tool returned, or failed ({@code error} true; {@code result} is then the error message fed back). */
    default void onToolResult(ToolCall call, String result, boolean error) {
    }

    /** Output that looked like a tool call but could not be parsed; it is kept as text. */
    default void onMalformedCall(String message, String raw) {
    }
}
