package realizar.api.chat;

/**
 * A tool the model may call, as in the OpenAI {@code tools} array.
 *
 * @param name                 the function name
 * @param description          what it does, for the model
 * @param parametersJsonSchema a JSON Schema (as text) for the arguments object
 */
public record ToolSpec(String name, String description, String parametersJsonSchema) {
}
