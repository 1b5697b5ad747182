package realizar.runtime.arch;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.KvType;
import realizar.runtime.model.Session;
import realizar.runtime.testing.TestModels;

final class DebugStepsTest {
    @Test
    void steps() {
        String spec = System.getProperty("dbg", "llama Q8_0");
        String fixture = spec.split(" ")[0], type = spec.split(" ")[1];
        Path dir = Path.of("/work/shared/fixtures/arch/" + fixture);
        JsonNode ref = ArchReference.readJson(dir.resolve("ref-" + type + ".json"));
        int[] prompt = ArchReference.ints(ref.get("prompt_ids"));
        int[] out = ArchReference.ints(ref.get("output_ids"));
        try (ComputeDevice device = TestModels.cpu(2); ModelFile file = TestModels.open(dir.resolve(fixture + "-" + type + ".gguf"))) {
            CausalLM lm = Architectures.load(file, device);
            Session s = lm.newSession(128, KvType.F32, 512);
            float[] logits = s.forward(prompt, 0, prompt.length);
            for (int k = 0; k < out.length; k++) {
                double[] p = ArchReference.softmax(logits);
                JsonNode step = ref.get("steps").get(k);
                double d1 = 0, d2 = -1;
                for (JsonNode t : step.get("top")) d1 = Math.max(d1, Math.abs(p[t.get("id").asInt()] - t.get("prob").asDouble()));
                if (!step.get("top_incremental").isNull()) {
                    d2 = 0;
                    for (JsonNode t : step.get("top_incremental")) d2 = Math.max(d2, Math.abs(p[t.get("id").asInt()] - t.get("prob").asDouble()));
                }
                System.err.printf("step %2d argmax %3d ref %3d margin %.3f  |dp| top %.2e  incr %.2e%n", k, ArchReference.argmax(logits),
                        step.get("token").asInt(), step.get("margin_top1_top2").asDouble(), d1, d2);
                if (k + 1 < out.length) logits = s.forward(out, k, 1);
            }
        }
    }
}
