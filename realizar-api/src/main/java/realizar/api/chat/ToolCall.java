package realizar.api.chat;

/**
 * A call of a tool by the model.
 *
 * @param id            the call's id (generated when the model gives none)
 * @param name          the tool's name
 * @param argumentsJson the arguments, a JSON object as text
 */
public record ToolCall(String id, String name, String argumentsJson) {
}
