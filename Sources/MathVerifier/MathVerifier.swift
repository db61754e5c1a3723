// The MathVerifier module. See README.md, section Architecture.
