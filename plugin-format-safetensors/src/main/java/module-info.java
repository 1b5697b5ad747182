/**
 * SafeTensors files and Hugging Face model folders, presented to the runtime as the GGUF llama.cpp's converter would
 * write. Provides a {@link realizar.api.format.FormatReader}; exports nothing.
 */
module realizar.format.safetensors {
    requires realizar.api;
    provides realizar.api.format.FormatReader with realizar.format.safetensors.SafetensorsFormatReader;
}
