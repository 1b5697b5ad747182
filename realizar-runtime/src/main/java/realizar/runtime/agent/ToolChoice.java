package realizar.runtime.agent;

/** OpenAI's {@code tool_choice}: whether and which tools the model may or must call. */
public sealed interface ToolChoice {
    /** The model decides. */
    record Auto() implements ToolChoice {
    }

    /** No tools are offered. */
    record None() implements ToolChoice {
    }

    /** The model must call one of the tools (its output is constrained to a call). */
    record Required() implements ToolChoice {
    }

    /** The model must call this tool. */
    record Named(String name) implements ToolChoice {
    }

    static ToolChoice auto() {
        return new Auto();
    }

    static ToolChoice none() {
        return new None();
    }

    static ToolChoice required() {
        return new Required();
    }

    static ToolChoice named(String name) {
        return new Named(name);
    }
}
