package realizar.templates.family;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import realizar.api.RealizarException;
import realizar.api.SpiVersion;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.RenderedPrompt;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.TemplateSource;
import realizar.templates.RenderClock;
import realizar.templates.jinja.JinjaRenderer;
import realizar.templates.jinja.TemplateValues;

/**
 * A prompt format written in Java. Each family has one or more variants (Llama 3.0 / 3.1 / 3.2, ...); the variant is
 * recognised from the model's own template by fingerprint, else guessed from the model name.
 *
 * <p>Scoring ({@link #matches}): when the model ships a template, 100 if it is recognised as one of this family's
 * variants <em>and</em> renders byte-identically to this class on a set of probe conversations (checked once per
 * template text), else 0, so that the {@code jinja} template (90) renders it; when it ships none, a guess below
 * 90 from the model name or architecture.
 *
 * <p>Stateless apart from the cache of verified templates; thread-safe.
 */
public abstract class BuiltinChatTemplate implements ChatTemplate {
    /** Score for a model whose name names the family. */
    protected static final int NAME_GUESS = 60;
    /** Score for a model whose architecture usually goes with the family. */
    protected static final int ARCHITECTURE_GUESS = 40;
    static final int EXACT = 100;

    private final Supplier<LocalDateTime> clock;
    private final Map<String, Integer> verified = new ConcurrentHashMap<>();

    protected BuiltinChatTemplate() {
        this(RenderClock::now);
    }

    protected BuiltinChatTemplate(Supplier<LocalDateTime> clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The variant that {@code jinja} is, by its distinctive text; null when it is none of this family's. */
    protected abstract String recognise(String jinja);

    /** The variant for a model without a template of its own (lower-case name may be empty). */
    protected abstract String variantForName(String lowerName);

    /** 0 (no idea) to {@link #NAME_GUESS}, from the architecture and the model's lower-case name. */
    protected abstract int guess(String architecture, String lowerName);

    /** Renders {@code chat} in {@code variant}. */
    protected abstract String render(String variant, Chat chat);

    /** What ends an assistant turn in {@code variant}. */
    protected abstract List<String> stopStrings(String variant);

    /** Whether the probes should include a conversation with tools. */
    protected boolean probesTools(String variant) {
        return false;
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public final int matches(TemplateSource source) {
        String lowerName = source.modelName() == null ? "" : source.modelName().toLowerCase(Locale.ROOT);
        if (source.jinja() != null && !source.jinja().isBlank()) {
            String variant = recognise(source.jinja());
            if (variant == null) {
                return 0;
            }
            return verified.computeIfAbsent(source.jinja(),
                    jinja -> Probes.agree(jinja, this, variant, probesTools(variant)) ? EXACT : 0);
        }
        String arch = source.architecture() == null ? "" : source.architecture().toLowerCase(Locale.ROOT);
        return guess(arch, lowerName);
    }

    @Override
    public final RenderedPrompt render(TemplateSource source, TemplateRequest request) {
        return new RenderedPrompt(render(variantOf(source), request), stopStrings(variantOf(source)), name());
    }

    /** Renders {@code request} in {@code variant}; what {@link Probes} compares with the Jinja rendering. */
    final String render(String variant, TemplateRequest request) {
        return render(variant, new Chat(request, clock.get()));
    }

    /** The variant to render {@code source} in: the recognised one, else the one the name suggests. */
    public final String variantOf(TemplateSource source) {
        String variant = source.jinja() == null ? null : recognise(source.jinja());
        if (variant != null) {
            return variant;
        }
        return variantForName(source.modelName() == null ? "" : source.modelName().toLowerCase(Locale.ROOT));
    }

    /** The request as the families read it: messages with their text, tools as JSON-ready maps, the clock. */
    public record Chat(TemplateRequest request, LocalDateTime now) {
        public List<realizar.api.chat.ChatMessage> messages() {
            return request.messages();
        }

        public boolean hasTools() {
            return !request.tools().isEmpty();
        }

        public List<Object> tools() {
            return TemplateValues.tools(request.tools());
        }

        public String bos() {
            return request.bosToken() == null ? "" : request.bosToken();
        }

        public String eos() {
            return request.eosToken() == null ? "" : request.eosToken();
        }

        public boolean generationPrompt() {
            return request.addGenerationPrompt();
        }

        public Object extra(String key) {
            return request.extra().get(key);
        }
    }

    /** Renders with the Jinja engine, for {@link Probes}. */
    static String renderJinja(String jinja, TemplateRequest request, LocalDateTime now) {
        return JinjaRenderer.render(jinja, TemplateValues.of(request), now);
    }

    /** Whether two renderings agree: same text, or both refused. */
    static boolean sameOutcome(Supplier<String> jinja, Supplier<String> family) {
        String expected;
        try {
            expected = jinja.get();
        } catch (RealizarException e) {
            expected = null;
        }
        String actual;
        try {
            actual = family.get();
        } catch (RealizarException e) {
            actual = null;
        } catch (RuntimeException e) {
            return false; // a family that breaks on the probe is not that template
        }
        return Objects.equals(expected, actual);
    }
}
