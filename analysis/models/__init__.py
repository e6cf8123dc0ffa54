"""The shipped theming model: themes.npz (arrays) and themes.json (vocabulary, thresholds, metadata)."""
