package realizar.runtime.arch.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;
import realizar.runtime.ops.Rope;

/** How the rope.scaling.* keys become freq_scale / ext_factor / attn_factor, as llama.cpp derives them. */
final class RopeSettingsTest {
    private static final HParams P = new HParams("llama", 128, 2, 512, 4, 2, 32, 512, 4096);

    private static Rope.Scaling scaling(Map<String, Object> keys, boolean freqFactors) {
        Map<String, Object> m = new HashMap<>();
        keys.forEach((k, v) -> m.put("llama." + k, v));
        return RopeSettings.scaling(new Metadata(m), P, freqFactors);
    }

    @Test
    void noKeysMeansNoScaling() {
        Rope.Scaling s = scaling(Map.of(), false);
        assertEquals(1f, s.freqScale());
        assertEquals(0f, s.extFactor());
        assertEquals(1f, s.attnFactor());
        assertEquals(4096, s.nCtxOrig());
    }

    @Test
    void linearScalesFrequenciesByTheInverseFactor() {
        assertEquals(0.25f, scaling(Map.of("rope.scaling.type", "linear", "rope.scaling.factor", 4f), false).freqScale());
        assertEquals(0.5f, scaling(Map.of("rope.scale_linear", 2f), false).freqScale(), "the older key");
        assertEquals(0.5f, scaling(Map.of("rope.freq_scale", 0.5f), false).freqScale(), "a direct frequency scale");
        Rope.Scaling longrope = scaling(Map.of("rope.scaling.type", "longrope", "rope.scaling.attn_factor", 1.19f), true);
        assertEquals(1f, longrope.freqScale());
        assertEquals(0f, longrope.extFactor());
        assertEquals(1.19f, longrope.attnFactor());
        assertEquals(1f, scaling(Map.of("rope.scaling.type", "none", "rope.scaling.factor", 4f), false).freqScale(),
                "type none never scales");
    }

    @Test
    void yarnTurnsOnExtrapolationAndCancelsGgmlsOwnMagnitudeFactor() {
        Rope.Scaling s = scaling(Map.of("rope.scaling.type", "yarn", "rope.scaling.factor", 8f,
                "rope.scaling.original_context_length", 512L), false);
        assertEquals(0.125f, s.freqScale());
        assertEquals(1f, s.extFactor());
        assertEquals(512, s.nCtxOrig());
        // get_mscale(8) · 1/(1 + 0.1 ln 8): the two cancel, leaving 1 (up to float rounding).
        assertEquals(1.0, s.attnFactor(), 1e-6);
        Rope.Scaling logMul = scaling(Map.of("rope.scaling.type", "yarn", "rope.scaling.factor", 8f,
                "rope.scaling.yarn_log_multiplier", 0.1f), false);
        double mscale = 0.1 * Math.log(8) + 1;
        assertEquals(mscale / (0.1 * 0.1 * Math.log(8) + 1) / mscale, logMul.attnFactor(), 1e-6);
    }

    @Test
    void llama3NeedsItsFrequencyTensorAndUnknownTypesAreRefused() {
        assertEquals(1f, scaling(Map.of("rope.scaling.type", "llama3", "rope.scaling.factor", 8f), true).freqScale());
        RealizarException missing = assertThrows(RealizarException.class,
                () -> scaling(Map.of("rope.scaling.type", "llama3"), false));
        assertTrue(missing.getMessage().contains("rope_freqs.weight"), missing.getMessage());
        RealizarException unknown = assertThrows(RealizarException.class,
                () -> scaling(Map.of("rope.scaling.type", "dynamic"), false));
        assertEquals(ErrorCode.UNSUPPORTED_ARCHITECTURE, unknown.code());
        assertTrue(unknown.getMessage().contains("supported: none, linear, yarn, longrope, llama3"), unknown.getMessage());
    }
}
