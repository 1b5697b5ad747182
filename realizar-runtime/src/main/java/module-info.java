/**
 * realizar's runtime: plugin discovery, model assembly, tokenizers, sampling, the generation loop and KV cache.
 * The only module that {@code uses} the SPIs; front ends talk to it, never to a plugin.
 */
module realizar.runtime {
    requires transitive realizar.api;
    requires com.fasterxml.jackson.databind;

    exports realizar.runtime;
    exports realizar.runtime.plugin;
    exports realizar.runtime.model;
    exports realizar.runtime.arch;
    exports realizar.runtime.sampling;
    exports realizar.runtime.generate;
    exports realizar.runtime.tokenizer;
    exports realizar.runtime.chat;
    exports realizar.runtime.agent;
    exports realizar.runtime.grammar;
    exports realizar.runtime.quantize;
    exports realizar.runtime.embed;

    uses realizar.api.format.FormatReader;
    uses realizar.api.backend.ComputeBackend;
    uses realizar.api.chat.ChatTemplate;
    uses realizar.api.chat.ToolFormat;
}
