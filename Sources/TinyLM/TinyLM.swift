// The TinyLM module. See README.md, section Architecture.
