"""One module per kind of concern: its rules (each one entry), its vetoes and its vocabulary."""
