package realizar.runtime.agent;

import java.util.List;

import realizar.api.chat.ChatMessage;

/**
 * How an agent run ended.
 *
 * @param messages   the whole conversation, the model's turns and the tool results included
 * @param finalText  the model's last text reply (empty when the run stopped at the iteration limit)
 * @param iterations model turns taken
 * @param reason     {@link Reason#ANSWERED} or {@link Reason#MAX_ITERATIONS}
 */
public record AgentResult(List<ChatMessage> messages, String finalText, int iterations, Reason reason) {
    public enum Reason { ANSWERED, MAX_ITERATIONS }

    public AgentResult {
        messages = List.copyOf(messages);
    }
}
