package realizar.api.chat;

/**
 * What is known about a model when choosing and rendering its chat template.
 *
 * @param jinja        the model's own Jinja template ({@code tokenizer.chat_template}), or a {@code .jinja} file's text;
 *                     null when there is none
 * @param architecture {@code general.architecture}, or null
 * @param modelName    {@code general.name} or the folder name, or null
 */
public record TemplateSource(String jinja, String architecture, String modelName) {
}
