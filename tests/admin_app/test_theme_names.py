"""Two themes never share a name that looks the same, and every name has letters or digits in it.

"Young carers", "Young\u00a0carers", "Young-carers" and "Young_carers" were four themes (young_carers ... _4): the
correction list and the findings showed the same label four times and staff coded to the wrong one. "!!!" and a
name in another script were given the codes "theme" and "theme_2".
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from core.models import Theme
from core.services.themes import install_themes, label_key


@pytest.fixture
def codebook(auth, admin_client, db, surveys) -> Theme:
    """The shipped codebook and "Young carers", staff signed in."""
    install_themes(db)
    db.commit()
    auth.login("staff")
    assert admin_client.post("/learning/themes/new", data={"label": "Young carers", "active": "yes"}).status_code == 302
    return db.scalar(select(Theme).where(Theme.label == "Young carers"))


def _themes(db) -> int:
    return db.scalar(select(func.count()).select_from(Theme))


LOOKALIKES = [
    "Young\u00a0carers",  # no-break space
    "Young\u2003carers",  # em space
    "Young  carers",
    "Young-carers",
    "Young_carers",
    "young carers",
    "YOUNG CARERS!",
    "Young carers.",
    "\uff39oung carers",  # a fullwidth Y: the same letter once NFKC-normalised
    " Young \u2013 carers ",
]


@pytest.mark.parametrize("label", LOOKALIKES, ids=repr)
def test_a_name_that_looks_like_a_theme_s_is_refused_naming_that_theme(admin_client, db, codebook, label):
    before = _themes(db)
    answer = admin_client.post("/learning/themes/new", data={"label": label, "active": "yes"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "There is already a theme called “Young carers”" in page
    assert _themes(db) == before


@pytest.mark.parametrize("label", ["!!!", "---", "_ _", "?!", "\u2014"], ids=repr)
def test_a_name_with_no_letters_or_digits_is_refused(admin_client, db, codebook, label):
    before = _themes(db)
    answer = admin_client.post("/learning/themes/new", data={"label": label})
    assert answer.status_code == 400
    assert "The name of the theme must have letters or numbers in it" in answer.get_data(as_text=True)
    assert _themes(db) == before


def test_a_name_in_another_script_keeps_its_label_and_gets_a_numbered_code_of_its_own(admin_client, db, codebook):
    for label in ("你好", "שלום"):
        assert admin_client.post("/learning/themes/new", data={"label": label}).status_code == 302
    codes = {t.label: t.code for t in db.scalars(select(Theme).where(Theme.label.in_(["你好", "שלום"])))}
    assert set(codes) == {"你好", "שלום"}
    assert all(re.fullmatch(r"theme_\d+", code) for code in codes.values()) and len(set(codes.values())) == 2
    again = admin_client.post("/learning/themes/new", data={"label": "你好!"})
    assert again.status_code == 400 and "There is already a theme called “你好”" in again.get_data(as_text=True)


def test_accented_letters_make_a_readable_code(admin_client, db, codebook):
    assert admin_client.post("/learning/themes/new", data={"label": "Café culture"}).status_code == 302
    assert db.scalar(select(Theme.code).where(Theme.label == "Café culture")) == "cafe_culture"


def test_editing_a_theme_applies_the_same_check_but_not_against_itself(admin_client, db, codebook):
    own = admin_client.post(f"/learning/themes/{codebook.id}/edit", data={"label": "Young-carers", "active": "yes"})
    assert own.status_code == 302
    neglect = db.scalar(select(Theme).where(Theme.code == "neglect"))
    other = admin_client.post(f"/learning/themes/{neglect.id}/edit", data={"label": "young_carers", "active": "yes"})
    assert other.status_code == 400 and "There is already a theme called “Young-carers”" in other.get_data(as_text=True)
    blank = admin_client.post(f"/learning/themes/{neglect.id}/edit", data={"label": "!!!", "active": "yes"})
    assert blank.status_code == 400 and "must have letters or numbers" in blank.get_data(as_text=True)
    db.expire_all()
    assert db.get(Theme, neglect.id).label == "Neglect"


def test_the_comparison_key_ignores_case_spacing_and_punctuation_but_not_letters():
    assert label_key("Young\u00a0Carers") == label_key("young_carers") == label_key("YOUNG-CARERS!")
    assert label_key("Young carers") != label_key("Young career")
    assert label_key("!!!") == ""
