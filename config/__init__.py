"""Configuration: `load_settings()` reads LEARNING_LOOP_* environment variables over the defaults."""

from config.settings import PREFIX, Settings, ensure_instance_folder, instance_secret, load_settings

__all__ = ["PREFIX", "Settings", "ensure_instance_folder", "instance_secret", "load_settings"]
