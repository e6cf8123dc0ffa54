"""Configuration: `load_settings()` reads LEARNING_LOOP_* environment variables over the defaults."""

from config.settings import (
    PREFIX,
    Settings,
    check_public_base_url,
    ensure_instance_folder,
    instance_secret,
    load_settings,
)

__all__ = ["PREFIX", "Settings", "check_public_base_url", "ensure_instance_folder", "instance_secret", "load_settings"]
