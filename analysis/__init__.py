"""Analysis: pure functions over plain data (no Flask, no database sessions)."""
