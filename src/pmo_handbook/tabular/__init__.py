"""Column definitions shared by every download format and every import."""
