package realizar.templates.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.mode.ExecutionMode;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.CompositeELResolver;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.templates.jinja.el.HfFunctions;
import realizar.templates.jinja.el.TemplateRaisedException;

/**
 * Renders a Hugging Face chat template with Jinjava, configured and extended to behave as transformers'
 * {@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])} does.
 * Thread-safe: one shared engine, a fresh interpreter per render.
 */
public final class JinjaRenderer {
    private static final Jinjava ENGINE = withPluginClassLoader(JinjaRenderer::createEngine);

    private JinjaRenderer() {
    }

    private static Jinjava createEngine() {
        CompositeELResolver resolvers = new CompositeELResolver();
        resolvers.add(new PythonMethodResolver());
        resolvers.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(false) // TemplatePreprocessor does lstrip_blocks as Jinja2 does
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(64)
                .withMaxRenderDepth(64)
                .withElResolver(resolvers)
                // Jinjava would render a value that contains "{{" again as a template: message text must stay text.
                .withNestedInterpretationEnabled(false)
                .withExecutionMode(new ExecutionMode() {
                    @Override
                    public void prepareContext(Context context) {
                        context.setExpressionStrategy(new PyExpressionStrategy());
                    }
                })
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withIterateOverMapKeys(true)
                        .withUsePyishObjectMapper(true)
                        .withKeepNullableLoopValues(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .build())
                .build();
        Jinjava jinjava = new Jinjava(config);
        Context globals = jinjava.getGlobalContext();
        HfFilters.all().forEach(globals::registerFilter);
        HfTests.all().forEach(globals::registerExpTest);
        globals.registerTag(new PyForTag());
        globals.registerTag(new GenerationTag());
        globals.registerFunction(new ELFunctionDefinition("", "raise_exception", HfFunctions.class,
                "raiseException", Object.class));
        globals.registerFunction(new ELFunctionDefinition("", "strftime_now", HfFunctions.class,
                "strftimeNow", String.class));
        return jinjava;
    }

    /**
     * Renders {@code template} with {@code variables}; a variable mapped to null is Python's None (iterating it
     * fails, as in transformers).
     *
     * @param now the clock {@code strftime_now} reads
     * @throws RealizarException {@code TEMPLATE_ERROR} when the template raises or cannot be rendered
     */
    public static String render(String template, Map<String, Object> variables, LocalDateTime now) {
        Map<String, Object> bindings = new HashMap<>(variables);
        Set<String> none = new HashSet<>();
        variables.forEach((k, v) -> {
            if (v == null) {
                none.add(k);
            }
        });
        bindings.put(PyForTag.NONE_VARIABLES, none);
        bindings.put(HfFunctions.NOW_VARIABLE, now);
        // Templates test "strftime_now is defined"; the functions must also be visible as variables.
        bindings.putIfAbsent("strftime_now", "<built-in function strftime_now>");
        bindings.putIfAbsent("raise_exception", "<built-in function raise_exception>");
        RenderResult result;
        try {
            result = withPluginClassLoader(() -> ENGINE.renderForResult(TemplatePreprocessor.process(template), bindings));
        } catch (RuntimeException e) {
            throw failure(e);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw failure(error);
            }
        }
        return result.getOutput();
    }

    /**
     * Jinjava's expression engine loads its own classes through the thread's context class loader. In a plugin layer
     * that loader is the application's, which cannot see this plugin's dependencies; point it at ours while Jinjava runs.
     */
    private static <T> T withPluginClassLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JinjaRenderer.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static RealizarException failure(TemplateError error) {
        TemplateRaisedException raised = raised(error.getException());
        if (raised != null) {
            return new RealizarException(ErrorCode.TEMPLATE_ERROR, raised.getMessage(), raised);
        }
        String where = error.getLineno() > 0 ? " (template line " + error.getLineno() + ")" : "";
        return new RealizarException(ErrorCode.TEMPLATE_ERROR, error.getMessage() + where, error.getException());
    }

    private static RealizarException failure(RuntimeException e) {
        TemplateRaisedException raised = raised(e);
        if (raised != null) {
            return new RealizarException(ErrorCode.TEMPLATE_ERROR, raised.getMessage(), raised);
        }
        return new RealizarException(ErrorCode.TEMPLATE_ERROR, "chat template failed: " + e.getMessage(), e);
    }

    private static TemplateRaisedException raised(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TemplateRaisedException r) {
                return r;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
