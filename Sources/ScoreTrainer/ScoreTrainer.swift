// The ScoreTrainer module. See README.md, section Architecture.
