"""Settings: defaults, LEARNING_LOOP_* variables, and what production insists on."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Settings, instance_secret, load_settings


def test_environment_variables_override_the_defaults_with_the_right_types():
    settings = load_settings(
        environ={
            "LEARNING_LOOP_MIN_CELL_SIZE": "10",
            "LEARNING_LOOP_CSRF_ENABLED": "no",
            "LEARNING_LOOP_INSTANCE_PATH": "/tmp/somewhere",
            "LEARNING_LOOP_STRIP_KEEP": "Early Help, MASH ,,",
            "LEARNING_LOOP_FRONT_DOOR_PHONE": "01632 960000",
            "UNRELATED": "ignored",
        }
    )
    assert settings.min_cell_size == 10
    assert settings.csrf_enabled is False
    assert settings.instance_path == Path("/tmp/somewhere")
    assert settings.strip_keep == ("Early Help", "MASH")
    assert settings.front_door_phone == "01632 960000"


def test_explicit_overrides_win_over_the_environment():
    settings = load_settings(environ={"LEARNING_LOOP_MIN_CELL_SIZE": "10"}, min_cell_size=3)
    assert settings.min_cell_size == 3


def test_a_bad_number_names_the_variable():
    with pytest.raises(ValueError, match="LEARNING_LOOP_MAX_TEXT_LENGTH"):
        load_settings(environ={"LEARNING_LOOP_MAX_TEXT_LENGTH": "lots"})


ADMIN_KEY = "a" * 40
FEEDBACK_KEY = "f" * 40
POSTGRES = "postgresql+psycopg://db/learning_loop"


def test_production_needs_a_database():
    with pytest.raises(ValueError, match="DATABASE_URL"):
        load_settings(environ={"LEARNING_LOOP_ENVIRONMENT": "production"})


def test_production_cookies_are_secure():
    settings = load_settings(environ={}, environment="production", database_url=POSTGRES)
    assert settings.secure_cookies is True


def test_each_app_reads_its_own_secret_key_variable():
    settings = load_settings(
        environ={"LEARNING_LOOP_ADMIN_SECRET_KEY": ADMIN_KEY, "LEARNING_LOOP_FEEDBACK_SECRET_KEY": FEEDBACK_KEY}
    )
    assert instance_secret(settings, "admin") == ADMIN_KEY
    assert instance_secret(settings, "feedback") == FEEDBACK_KEY


def test_equal_admin_and_feedback_secret_keys_are_refused():
    with pytest.raises(ValueError, match="ADMIN_SECRET_KEY and LEARNING_LOOP_FEEDBACK_SECRET_KEY must differ"):
        load_settings(
            environ={
                "LEARNING_LOOP_ENVIRONMENT": "production",
                "LEARNING_LOOP_DATABASE_URL": POSTGRES,
                "LEARNING_LOOP_ADMIN_SECRET_KEY": ADMIN_KEY,
                "LEARNING_LOOP_FEEDBACK_SECRET_KEY": ADMIN_KEY,
            }
        )


def test_the_old_shared_secret_key_variable_is_refused_with_a_pointer_to_the_two_new_ones():
    with pytest.raises(ValueError, match="LEARNING_LOOP_ADMIN_SECRET_KEY and LEARNING_LOOP_FEEDBACK_SECRET_KEY"):
        load_settings(environ={"LEARNING_LOOP_SECRET_KEY": ADMIN_KEY})


@pytest.mark.parametrize("app", ["admin", "feedback"])
def test_production_refuses_a_missing_or_short_secret_key_naming_the_variable(app, tmp_path):
    settings = load_settings(environ={}, environment="production", database_url=POSTGRES, instance_path=tmp_path)
    with pytest.raises(ValueError, match=f"LEARNING_LOOP_{app.upper()}_SECRET_KEY must be set in production"):
        instance_secret(settings, app)
    short = load_settings(environ={}, environment="production", database_url=POSTGRES, **{f"{app}_secret_key": "short"})
    with pytest.raises(ValueError, match="at least 32 characters"):
        instance_secret(short, app)
    assert not list(tmp_path.iterdir()), "production never falls back to a generated secret"


def test_the_embedded_default_keeps_its_database_and_keys_in_the_instance_folder(tmp_path):
    settings = load_settings(environ={}, instance_path=tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{(tmp_path / 'learning_loop.sqlite3').resolve()}"
    assert settings.keys_dir == tmp_path / "keys"


def test_the_default_small_number_threshold_is_five():
    assert Settings().min_cell_size == 5


def test_an_instance_secret_is_made_once_and_kept_private(tmp_path):
    settings = load_settings(environ={}, instance_path=tmp_path / "inst")
    first = instance_secret(settings, "feedback")
    assert len(first) >= 40
    assert instance_secret(settings, "feedback") == first
    assert instance_secret(settings, "admin") != first
    assert (tmp_path / "inst" / "feedback.secret").stat().st_mode & 0o077 == 0
    assert (tmp_path / "inst").stat().st_mode & 0o777 == 0o700
    given = load_settings(environ={}, instance_path=tmp_path, admin_secret_key="given")
    assert instance_secret(given, "admin") == "given"


def test_an_instance_secret_read_without_making_one_says_which_file_is_missing(tmp_path):
    settings = load_settings(environ={}, instance_path=tmp_path / "inst")
    with pytest.raises(ValueError, match="there is no .*second_factor.secret"):
        instance_secret(settings, "second_factor", create=False)
    assert not (tmp_path / "inst").exists()
    made = instance_secret(settings, "second_factor")
    assert instance_secret(settings, "second_factor", create=False) == made
