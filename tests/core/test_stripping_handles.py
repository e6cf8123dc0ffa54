"""Social media handles, forum and game user names, and web addresses."""

import pytest

from core.stripping import strip_identifiers
from tests.core.stripping_helpers import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://www.facebook.com/kelly.a.3 for the posts", [("URL", "https://www.facebook.com/kelly.a.3")]),
        ("snap: jxyden.b", [("HANDLE", "jxyden.b")]),
        ("his insta is kaylaxo", [("HANDLE", "kaylaxo")]),
        ("the account @westside_youngens posts fights", [("HANDLE", "@westside_youngens")]),
        ("Posted by FlowersInTheAttic on Mumsnet", [("HANDLE", "FlowersInTheAttic")]),
        ("Thanks u/throwaway_9981 in r/LegalAdviceUK for the advice.", [("HANDLE", "throwaway_9981")]),
        # user names in games, near a game word
        ("He was playing Fortnite as DarkLord99 with strangers.", [("HANDLE", "DarkLord99")]),
        ("A player called xXShadowXx asked him to go on Discord.", [("HANDLE", "xXShadowXx")]),
        ("On Minecraft she was rainbowkitty2014 and someone sent her gifts.", [("HANDLE", "rainbowkitty2014")]),
        ("Her Xbox gamertag was LilMissChaos.", [("HANDLE", "LilMissChaos")]),
    ],
)
def test_handles_and_links_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_handle_after_a_cue_keeps_the_full_stop() -> None:
    assert strip_identifiers("His gamertag is LilMissChaos.").text == "His gamertag is [HANDLE]."


def test_a_dotted_user_name_near_a_social_media_word_is_found() -> None:
    assert found("she follows kay.xo.bby on tiktok") == [("HANDLE", "kay.xo.bby")]
    # with no social media word near it, a dotted word is not read as a user name
    assert "HANDLE" not in [kind for kind, _ in found("see kay.xo.bby for the minutes")]
