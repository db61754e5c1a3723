// The CodeVerifier module. See README.md, section Architecture.
