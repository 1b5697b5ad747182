import realizar.api.chat.ChatTemplate;
import realizar.api.chat.ToolFormat;

/**
 * Chat templates and tool-call formats. Provides {@code ChatTemplate} (the built-in families and {@code jinja}) and
 * {@code ToolFormat}; exports nothing to realizar.
 *
 * <p>Jinjava is an automatic module ({@code jinjava}, from its jar name). It calls the template functions
 * ({@code raise_exception}, {@code strftime_now}) by reflection, so their package alone is exported, to it only; it
 * uses {@code java.beans}, which it cannot require itself, hence {@code java.desktop} here.
 */
module realizar.templates {
    requires realizar.api;
    requires jinjava;
    requires com.fasterxml.jackson.databind;
    requires java.desktop;

    exports realizar.templates.jinja.el to jinjava;

    provides ChatTemplate with
            realizar.templates.JinjaChatTemplate,
            realizar.templates.family.ChatMlChatTemplate,
            realizar.templates.family.Llama2ChatTemplate,
            realizar.templates.family.Llama3ChatTemplate,
            realizar.templates.family.MistralChatTemplate,
            realizar.templates.family.Phi2ChatTemplate,
            realizar.templates.family.Phi3ChatTemplate,
            realizar.templates.family.ZephyrChatTemplate,
            realizar.templates.family.AlpacaChatTemplate,
            realizar.templates.family.GemmaChatTemplate,
            realizar.templates.family.Qwen3ChatTemplate,
            realizar.templates.family.DeepSeekR1ChatTemplate,
            realizar.templates.family.HermesChatTemplate,
            realizar.templates.family.RawChatTemplate;
    provides ToolFormat with
            realizar.templates.tools.OpenAiToolFormat,
            realizar.templates.tools.HermesToolFormat,
            realizar.templates.tools.AnthropicToolFormat,
            realizar.templates.tools.Llama3ToolFormat,
            realizar.templates.tools.MistralToolFormat;
}
